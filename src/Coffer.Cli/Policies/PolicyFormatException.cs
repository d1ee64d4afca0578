namespace Coffer.Cli.Policies;

/// <summary>The policy text is not valid HCL, or not a valid ACL policy; the message says where and why.</summary>
internal sealed class PolicyFormatException(string message) : Exception(message);
