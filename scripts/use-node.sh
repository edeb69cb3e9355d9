# Sourced by the test and demo entry points: puts the Node.js line the suite is tested on first on PATH
# (scripts/node.sh installs it from the npm registry when the machine's node is another line), because
# @pulumi/pulumi 3.249 and later need Node.js 22 or newer. `source scripts/use-node.sh [MAJOR]`.
_use_node_dir=$(bash "$(dirname "${BASH_SOURCE[0]}")/node.sh" "${1:-24}" | tail -n 1)
export PATH="$_use_node_dir:$PATH"
unset _use_node_dir
