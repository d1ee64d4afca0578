namespace Coffer.Bench.Workloads;

/// <summary>token_create: every request creates a child token of the run's token (a durable write per request).</summary>
public sealed class TokenCreateTest(string name, WorkloadSettings settings) : BenchTest(name, settings.Address)
{
    private static readonly byte[] Body = "{\"policies\":[\"default\"],\"ttl\":\"1h\"}"u8.ToArray();
    private readonly Uri _create = VaultPaths.Api(settings.Address, "auth/token/create");

    public override async Task SetupAsync(SetupContext context, CancellationToken cancellationToken)
    {
        context.Log.WriteLine($"[{Name}] setup: creating one token to check auth/token/create answers");
        await SetupRequests.SendAsync(context.Client, HttpMethod.Post, _create, Body, "creating a token", cancellationToken);
    }

    public override HttpRequestMessage CreateRequest(Random random) => JsonBodies.Request(HttpMethod.Post, _create, Body);

    public override bool IsSuccess(int statusCode) => statusCode == 200;
}
