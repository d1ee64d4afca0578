namespace Coffer.Cli.Commands.Kv;

/// <summary>`coffer kv undelete -versions=N PATH`: brings soft-deleted KV v2 versions back.</summary>
internal sealed class KvUndeleteCommand() : KvVersionChangeCommand(
    "undelete",
    "Undeletes versions in the KV store",
    "Undeletes the data for the given versions of a key in the KV v2 secrets engine, so they can be read " +
    "again. Destroyed versions cannot be undeleted.");
