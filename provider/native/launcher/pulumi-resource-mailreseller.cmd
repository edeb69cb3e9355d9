@echo off
rem The `mailreseller` resource provider plugin on Windows: runs the bundled provider beside this file
rem with Node.js 20 or newer (%PULUMI_MAILRESELLER_NODE% when set, else node on PATH).
setlocal
if defined PULUMI_MAILRESELLER_NODE (set "MAILRESELLER_NODE=%PULUMI_MAILRESELLER_NODE%") else (set "MAILRESELLER_NODE=node")
"%MAILRESELLER_NODE%" "%~dp0pulumi-resource-mailreseller.js" %*
