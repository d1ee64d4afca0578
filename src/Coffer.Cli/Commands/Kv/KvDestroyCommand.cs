namespace Coffer.Cli.Commands.Kv;

/// <summary>`coffer kv destroy -versions=N PATH`: removes KV v2 versions' data for good.</summary>
internal sealed class KvDestroyCommand() : KvVersionChangeCommand(
    "destroy",
    "Permanently removes one or more versions in the KV store",
    "Permanently removes the data of the given versions of a key in the KV v2 secrets engine. Their metadata " +
    "remains, marked destroyed; the data cannot be recovered.");
