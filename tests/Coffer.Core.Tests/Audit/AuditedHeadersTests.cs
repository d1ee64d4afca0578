using Coffer.Core.Audit;
using Coffer.Core.Barrier;
using Coffer.Core.Storage;

namespace Coffer.Core.Tests.Audit;

public sealed class AuditedHeadersTests
{
    private static async Task<(AuditedHeaders Headers, AesGcmBarrier Barrier)> OpenAsync()
    {
        var barrier = new AesGcmBarrier(new InMemPhysical(), SystemClock.Instance);
        var rootKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        await barrier.InitializeAsync(rootKey);
        await barrier.UnsealAsync(rootKey);
        return (new AuditedHeaders(barrier), barrier);
    }

    [Fact]
    public async Task Nothing_is_audited_until_named_and_names_match_in_any_case()
    {
        var (headers, _) = await OpenAsync();
        var request = new Dictionary<string, string> { ["X-Forwarded-For"] = "203.0.113.9", ["x-api-key"] = "k", ["Accept"] = "*/*" };
        Assert.Empty(headers.Select(request).Headers);

        await headers.SetAsync("x-forwarded-FOR", hmac: false);
        await headers.SetAsync("X-Api-Key", hmac: true);
        var (selected, hashed) = headers.Select(request);
        Assert.Equal(new Dictionary<string, string> { ["x-forwarded-for"] = "203.0.113.9", ["x-api-key"] = "k" }, selected);
        Assert.Equal(["x-api-key"], hashed);

        await headers.DeleteAsync("X-API-KEY");
        Assert.Equal(["x-forwarded-for"], headers.Settings.Keys);
    }

    [Fact]
    public async Task Settings_survive_in_the_barrier_and_go_at_unload()
    {
        var (headers, barrier) = await OpenAsync();
        await headers.SetAsync("X-Trace", hmac: true);
        var reopened = new AuditedHeaders(barrier);
        await reopened.LoadAsync();
        Assert.True(reopened.Settings["x-trace"]);
        reopened.Unload();
        Assert.Empty(reopened.Settings);
    }
}
