using System.Text.Json.Nodes;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Audit;

public sealed class AuditConcurrencyTests : IDisposable
{
    private AuditTestBed _bed = null!;

    [Fact]
    public async Task ConcurrentLoggingWritesIntactLines()
    {
        _bed = await AuditTestBed.StartAsync();
        var broker = _bed.NewBroker();
        await AuditTestBed.EnableFileAsync(broker, "file", _bed.LogPath());
        const int tasks = 32;
        const int perTask = 50;
        // Large enough that some entries exceed one write of the underlying buffer.
        var bulky = new string('x', 20_000);

        await Task.WhenAll(Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < perTask; i++)
            {
                var context = AuditTestBed.Context(requestId: $"r-{t}-{i}",
                    data: new JsonObject { ["i"] = i, ["blob"] = i % 10 == 0 ? bulky : "small" });
                await broker.LogRequestAsync(context);
                await broker.LogResponseAsync(context, Response.WithData(new JsonObject { ["ok"] = true }), null);
            }
        })));

        var entries = AuditTestBed.ReadEntries(_bed.LogPath());
        Assert.Equal(tasks * perTask * 2, entries.Count);
        var ids = entries.Where(e => (string?)e["type"] == "response").Select(e => (string)e["request"]!["id"]!).ToHashSet();
        Assert.Equal(tasks * perTask, ids.Count);
    }

    public void Dispose() => _bed?.Dispose();
}
