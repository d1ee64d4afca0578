using System.Net;
using System.Text.Json.Nodes;
using Coffer.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Coffer.Integration.Tests.Replication;

/// <summary>
/// A DR pair whose link goes through a <see cref="LoopbackFaultProxy"/> (the primary advertises the proxy as its
/// cluster address), under a steady write load, taken through one fault after another: three link cuts, a SIGKILL
/// of the secondary, a SIGKILL of the primary, one more cut. Afterwards the secondary converges to the primary's
/// merkle root, the primary still has every write it acknowledged, and so does the secondary once promoted.
/// </summary>
public sealed class DrFaultSequenceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Cuts_and_kills_of_either_side_under_load_lose_no_acknowledged_write()
    {
        await using var primary = await DrCluster.StartAsync();
        await using var secondary = await DrCluster.StartAsync(mountKv: false);
        await using var proxy = await LoopbackFaultProxy.StartAsync(new IPEndPoint(IPAddress.Loopback, primary.ClusterPort));
        var root = primary.RootToken;
        await DrFailoverDrillTests.WriteDrOpsPolicyAsync(primary, root);
        var operationToken = await DrFailoverDrillTests.MintDrOperationTokenAsync(primary, root);

        var activation = await primary.EnablePrimaryAndMintTokenAsync("dr-faulty", $"https://{proxy.Address}");
        await secondary.EnableSecondaryAsync(activation, primary);
        await secondary.WaitInSyncWithAsync(primary);
        Assert.Equal($"https://{proxy.Address}", (await secondary.DrStatusAsync())["primary_cluster_addr"]!.GetValue<string>());
        Assert.True(proxy.LiveConnections > 0, "the secondary does not reach the primary through the proxy");

        await using var writer = SequentialWriter.Start(primary, root, stopAtFirstFailure: false, pause: TimeSpan.FromMilliseconds(20));
        await writer.WaitForAcknowledgedAsync(20);
        var started = DateTime.UtcNow;

        for (var cut = 1; cut <= 3; cut++)
        {
            await CutAndRestoreAsync(proxy, secondary, writer, $"cut {cut}");
        }

        await secondary.KillAsync();
        await writer.WaitForAcknowledgedAsync(writer.AcknowledgedCount + 20);
        await secondary.StartAndUnsealAsync();
        await AssertFollowingAsync(secondary, writer, "secondary restarted");

        await primary.KillAsync();
        var acknowledgedBeforeKill = writer.AcknowledgedCount;
        await primary.StartAndUnsealAsync();
        await writer.WaitForAcknowledgedAsync(acknowledgedBeforeKill + 20);
        await AssertFollowingAsync(secondary, writer, "primary restarted");

        await CutAndRestoreAsync(proxy, secondary, writer, "last cut");
        await writer.StopAsync();
        output.WriteLine($"faults took {(DateTime.UtcNow - started).TotalSeconds:F1} s; {writer.Attempted} writes sent, {writer.AcknowledgedCount} acknowledged");

        var convergeStarted = DateTime.UtcNow;
        await secondary.WaitInSyncWithAsync(primary, seconds: 30);
        output.WriteLine($"converged {(DateTime.UtcNow - convergeStarted).TotalSeconds:F1} s after the load stopped");

        var acknowledged = writer.Acknowledged;
        Assert.True(acknowledged.Count >= 100, $"only {acknowledged.Count} writes were acknowledged");
        var onPrimary = await SequentialWriter.PresentKeysAsync(primary, root);
        var lostOnPrimary = acknowledged.Where(n => !onPrimary.Contains(n)).ToList();
        Assert.True(lostOnPrimary.Count == 0, $"the primary lost acknowledged writes: {string.Join(',', lostOnPrimary)}");
        foreach (var n in acknowledged)
        {
            await SequentialWriter.AssertValueAsync(primary, root, n);
        }

        await secondary.CliAsync(null, "write", "sys/replication/dr/secondary/promote", $"dr_operation_token={operationToken}");
        var onSecondary = await SequentialWriter.PresentKeysAsync(secondary, root);
        var lostOnSecondary = acknowledged.Where(n => !onSecondary.Contains(n)).ToList();
        Assert.True(lostOnSecondary.Count == 0, $"the promoted secondary lacks acknowledged writes: {string.Join(',', lostOnSecondary)}");
        Assert.Equal(onPrimary, onSecondary);
        foreach (var n in new[] { acknowledged[0], acknowledged[acknowledged.Count / 2], acknowledged[^1] })
        {
            await SequentialWriter.AssertValueAsync(secondary, root, n);
        }
    }

    /// <summary>Cuts the link, sees the secondary notice it, restores the link and sees the secondary follow again.</summary>
    private async Task CutAndRestoreAsync(LoopbackFaultProxy proxy, DrCluster secondary, SequentialWriter writer, string step)
    {
        proxy.Cut();
        await secondary.WaitForStatusAsync(s => s["connection_state"]?.GetValue<string>() != "ready", seconds: 15);
        await writer.WaitForAcknowledgedAsync(writer.AcknowledgedCount + 10);
        proxy.Restore();
        await AssertFollowingAsync(secondary, writer, step);
    }

    /// <summary>The secondary streams again and applies writes made from now on.</summary>
    private async Task AssertFollowingAsync(DrCluster secondary, SequentialWriter writer, string step)
    {
        var since = DateTime.UtcNow;
        var from = (await secondary.WaitForStatusAsync(s => s["state"]?.GetValue<string>() == "stream-wals" &&
                                                             s["connection_state"]?.GetValue<string>() == "ready", seconds: 30))["last_remote_wal"]!
            .GetValue<ulong>();
        await writer.WaitForAcknowledgedAsync(writer.AcknowledgedCount + 5);
        var status = await secondary.WaitForStatusAsync(s => s["last_remote_wal"] is JsonValue remote && remote.GetValue<ulong>() > from, seconds: 30);
        Assert.True(status["mode"]!.GetValue<string>() == "secondary", $"after {step}: {status.ToJsonString()}");
        output.WriteLine($"{step}: following again after {(DateTime.UtcNow - since).TotalSeconds:F1} s");
    }
}
