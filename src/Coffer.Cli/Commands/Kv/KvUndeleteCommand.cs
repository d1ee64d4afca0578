namespace Coffer.Cli.Commands.Kv;

/// <summary>`coffer kv undelete -versions=N PATH`: brings soft-deleted KV v2 versions back.</summary>
internal sealed class KvUndeleteCommand : KvVersionChangeCommand
{
    public override string Name => "kv undelete";

    public override string Synopsis => "Undeletes versions in the KV store";

    protected override string Action => "undelete";

    protected override CommandHelp Help { get; } = new(
        "coffer kv undelete [options] KEY",
        "Undeletes the data for the given versions of a key in the KV v2 secrets engine, so they can be read " +
        "again. Destroyed versions cannot be undeleted.");
}
