// pulumi-mailreseller: email resellers' mail services as Pulumi resources.
package mailreseller
