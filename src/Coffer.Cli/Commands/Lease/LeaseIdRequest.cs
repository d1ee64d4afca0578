using Coffer.Cli.Api;

namespace Coffer.Cli.Commands.Lease;

/// <summary>
/// What `lease lookup` and `lease renew` do once their flags are parsed: take the one lease ID argument, send one
/// request about that lease and print the lease as the server describes it.
/// </summary>
internal static class LeaseIdRequest
{
    /// <param name="expectedCount">The allowed argument count as vault words it in the command's "Too many arguments".</param>
    /// <param name="failure">What a failed request about the lease ID is reported as, before ": reason".</param>
    public static async Task<int> RunAsync(
        CommandInvocation invocation,
        string expectedCount,
        Func<CofferApiClient, string, Task<Secret?>> request,
        Func<string, string> failure)
    {
        switch (invocation.Arguments.Count)
        {
            case 0:
                return invocation.FailLocal("Missing ID!");
            case > 1:
                return invocation.FailLocal($"Too many arguments (expected {expectedCount}, got {invocation.Arguments.Count})");
        }

        var leaseId = invocation.Arguments[0].Trim();
        return await invocation.CallApiAsync(
            client => request(client, leaseId),
            failure(leaseId),
            secret => secret is null ? ExitCodes.Success : invocation.Output.PrintSecret(secret));
    }
}
