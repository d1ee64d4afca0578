namespace Coffer.Cli.Commands;

/// <summary>
/// Every command the CLI knows. Adding a command means writing its class and adding one line here.
/// </summary>
internal static partial class CommandRegistry
{
    public static IReadOnlyList<ICliCommand> All { get; } = Build();

    /// <summary>One-line descriptions of command groups ("operator ..."), shown in the top-level command list.</summary>
    public static IReadOnlyDictionary<string, string> GroupSynopses { get; } = new Dictionary<string, string>
    {
        ["operator"] = "Perform operator-specific tasks",
        ["token"] = "Interact with tokens",
        ["policy"] = "Interact with policies",
        ["auth"] = "Interact with auth methods",
        ["namespace"] = "Interact with namespaces",
        ["audit"] = "Interact with audit devices",
        ["secrets"] = "Interact with secrets engines",
        ["kv"] = "Interact with Vault's Key-Value storage",
        ["kv metadata"] = "Interact with Vault's Key-Value storage",
        ["lease"] = "Interact with leases",
    };

    private static List<ICliCommand> Build()
    {
        var commands = new List<ICliCommand>
        {
            new StatusCommand(),
            new OperatorInitCommand(),
            new OperatorUnsealCommand(),
            new OperatorSealCommand(),
            new OperatorGenerateRootCommand(),
            new ReadCommand(),
            new WriteCommand(),
            new DeleteCommand(),
            new ListCommand(),
            new VersionCommand(),
            new Login.LoginCommand(),
            new Token.TokenCreateCommand(),
            new Token.TokenLookupCommand(),
            new Token.TokenRenewCommand(),
            new Token.TokenRevokeCommand(),
            new Token.TokenCapabilitiesCommand(),
            new Policy.PolicyWriteCommand(),
            new Policy.PolicyReadCommand(),
            new Policy.PolicyListCommand(),
            new Policy.PolicyDeleteCommand(),
            new Policy.PolicyFmtCommand(),
            new Auth.AuthEnableCommand(),
            new Auth.AuthDisableCommand(),
            new Auth.AuthListCommand(),
            new Auth.AuthTuneCommand(),
            new Namespace.NamespaceCreateCommand(),
            new Namespace.NamespaceListCommand(),
            new Namespace.NamespaceLookupCommand(),
            new Namespace.NamespaceDeleteCommand(),
            new UnwrapCommand(),
            new Audit.AuditEnableCommand(),
            new Audit.AuditDisableCommand(),
            new Audit.AuditListCommand(),
            new Secrets.SecretsEnableCommand(),
            new Secrets.SecretsDisableCommand(),
            new Secrets.SecretsListCommand(),
            new Secrets.SecretsTuneCommand(),
            new Secrets.SecretsMoveCommand(),
            new Kv.KvGetCommand(),
            new Kv.KvPutCommand(),
            new Kv.KvPatchCommand(),
            new Kv.KvDeleteCommand(),
            new Kv.KvUndeleteCommand(),
            new Kv.KvDestroyCommand(),
            new Kv.KvListCommand(),
            new Kv.KvRollbackCommand(),
            new Kv.KvMetadataGetCommand(),
            new Kv.KvMetadataPutCommand(),
            new Kv.KvMetadataPatchCommand(),
            new Kv.KvMetadataDeleteCommand(),
            new Kv.KvEnableVersioningCommand(),
            new Lease.LeaseLookupCommand(),
            new Lease.LeaseRenewCommand(),
            new Lease.LeaseRevokeCommand(),
        };
        AddServerCommand(commands);
        return commands;
    }

    /// <summary>
    /// Implemented in ServerCommandLauncher.cs, the only file that depends on Coffer.Server. Being a partial
    /// method, the call simply disappears when that file is left out, so the client compiles on its own
    /// (for client-only builds and test runs) without a server reference.
    /// </summary>
    static partial void AddServerCommand(List<ICliCommand> commands);
}
