namespace Coffer.Bench.Workloads;

/// <summary>
/// One vault-benchmark style test: an untimed setup that prepares server state, then a
/// request factory the workers call in a tight loop during the timed phase.
/// </summary>
public abstract class BenchTest(string name, Uri target)
{
    /// <summary>The name reported in the output (as given in <c>-tests</c>).</summary>
    public string Name { get; } = name;

    /// <summary>Server this test talks to (scheme, host and port only).</summary>
    public Uri Target { get; } = target;

    /// <summary>Prepares server state; throws <see cref="SetupException"/> when the server cannot be used.</summary>
    public abstract Task SetupAsync(SetupContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Builds the next timed request. Called concurrently from all workers, each passing its
    /// own <paramref name="random"/>, so implementations must only read shared state.
    /// </summary>
    public abstract HttpRequestMessage CreateRequest(Random random);

    public virtual bool IsSuccess(int statusCode) => statusCode is >= 200 and < 300;
}
