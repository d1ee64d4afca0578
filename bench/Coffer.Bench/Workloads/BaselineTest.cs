namespace Coffer.Bench.Workloads;

/// <summary>
/// baseline: GET /v1/secret/bench against the bare Kestrel server of the baseline-server
/// command. It does no work per request, so its rate is the ceiling for this machine,
/// generator and HTTP stack; the other tests are reported relative to it.
/// </summary>
public sealed class BaselineTest : BenchTest
{
    public const string Path = "secret/bench";

    private readonly Uri _uri;

    public BaselineTest(string name, WorkloadSettings settings)
        : base(name, settings.BaselineAddress)
    {
        _uri = VaultPaths.Api(settings.BaselineAddress, Path);
    }

    public override async Task SetupAsync(SetupContext context, CancellationToken cancellationToken)
    {
        context.Log.WriteLine($"[{Name}] setup: probing {_uri}");
        await SetupRequests.SendAsync(context.Client, HttpMethod.Get, _uri, null, "probing the baseline server", cancellationToken);
    }

    public override HttpRequestMessage CreateRequest(Random random) => new(HttpMethod.Get, _uri);

    public override bool IsSuccess(int statusCode) => statusCode == 200;
}
