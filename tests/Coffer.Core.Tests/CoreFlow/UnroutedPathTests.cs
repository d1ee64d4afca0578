using System.Net;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.CoreFlow;

/// <summary>An unmounted path is reported as such only to a caller the ACL lets in there, as in Vault.</summary>
public sealed class UnroutedPathTests
{
    [Fact]
    public async Task CallersWithoutRightsGetPermissionDeniedNotNoHandler()
    {
        var h = await CoreHarness.StartAsync();
        var created = await h.SendAsync(Operation.Update, "auth/token/create", """{"policies":["default"]}""");
        var plain = created!.Auth!["client_token"]!.GetValue<string>();

        foreach (var token in new[] { "", "hvs.not-a-token", plain })
        {
            foreach (var operation in new[] { Operation.Read, Operation.Update, Operation.List })
            {
                var denied = await Assert.ThrowsAsync<CofferError>(() => h.SendAsync(operation, "nomount/app", "{}", token));
                Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
            }
        }

        var missing = await Assert.ThrowsAsync<CofferError>(() => h.SendAsync(Operation.Read, "nomount/app"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("no handler for route \"nomount/app\". route entry not found.", missing.Message);
    }
}
