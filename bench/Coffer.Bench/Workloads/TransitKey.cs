namespace Coffer.Bench.Workloads;

/// <summary>The transit key both transit tests use, created (or reused) during setup.</summary>
public static class TransitKey
{
    public const string Name = "bench-key";

    public static async Task EnsureAsync(SetupContext context, WorkloadSettings settings, CancellationToken cancellationToken)
    {
        var uri = VaultPaths.Api(settings.Address, $"{settings.TransitMount}/keys/{Name}");
        var (status, body) = await SetupRequests.TrySendAsync(
            context.Client, HttpMethod.Post, uri, JsonBodies.TransitKey(), "creating transit key", cancellationToken);

        // A key left by an earlier run is fine: both tests only need it to exist.
        var alreadyThere = status == 400 && body.Contains("exist", StringComparison.OrdinalIgnoreCase);
        if (status is < 200 or >= 300 && !alreadyThere)
        {
            throw new SetupException(
                $"creating transit key: POST {uri.AbsolutePath} returned HTTP {status}{SetupRequests.Describe(body)}{SetupRequests.Hint(status)}");
        }
    }
}
