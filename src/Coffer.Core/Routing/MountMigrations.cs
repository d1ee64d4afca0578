using System.Collections.Concurrent;

namespace Coffer.Core.Routing;

/// <summary>
/// Outcome of each <c>sys/remount</c>, looked up by migration id through <c>sys/remount/status/:id</c>. Kept in
/// memory, as Vault keeps it: a restart forgets finished moves, never a mount.
/// </summary>
public sealed class MountMigrations
{
    public sealed record Migration(string Id, string SourceMount, string TargetMount, string Status);

    private readonly ConcurrentDictionary<string, Migration> _migrations = new();

    public string Start(string source, string target)
    {
        var id = Guid.NewGuid().ToString();
        _migrations[id] = new Migration(id, source, target, "in-progress");
        return id;
    }

    public void Finish(string id, bool success) =>
        _migrations.AddOrUpdate(id, _ => throw new InvalidOperationException("unknown migration"),
            (_, migration) => migration with { Status = success ? "success" : "failure" });

    public Migration? Find(string id) => _migrations.GetValueOrDefault(id);
}
