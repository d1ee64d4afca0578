using System.Text.Json.Nodes;
using Coffer.Core.Access.Policies;
using static Coffer.Core.Tests.Policies.PolicyTestSupport;

namespace Coffer.Core.Tests.Policies;

public sealed class ResultantAclTests
{
    [Fact]
    public void ListsExactAndGlobPathsWithTheirPermissions()
    {
        var acl = AclOf(
            """
            path "secret/app" {
              capabilities = ["read", "update"]
              allowed_parameters = { "color" = ["red"] }
              required_parameters = ["color"]
              max_wrapping_ttl = 60
            }
            path "secret/*" { capabilities = ["list"] }
            path "kv/+/config" { capabilities = ["deny"] }
            """,
            """path "secret/*" { capabilities = ["read"]  min_wrapping_ttl = "10s" }""");

        var view = acl.ToResultantAcl();

        Assert.False(view["root"]!.GetValue<bool>());
        var exact = view["exact_paths"]!.AsObject();
        var app = exact["secret/app"]!.AsObject();
        Assert.Equal(["read", "update"], Strings(app["capabilities"]));
        Assert.Equal(["red"], Strings(app["allowed_parameters"]!["color"]));
        Assert.Equal(["color"], Strings(app["required_parameters"]));
        Assert.Equal(60, app["max_wrapping_ttl"]!.GetValue<long>());

        var glob = view["glob_paths"]!.AsObject();
        Assert.Equal(["list", "read"], Strings(glob["secret/"]!["capabilities"]));
        Assert.Equal(10, glob["secret/"]!["min_wrapping_ttl"]!.GetValue<long>());
        Assert.Equal(["deny"], Strings(glob["kv/+/config"]!["capabilities"]));
        Assert.Equal(2, glob.Count);
        Assert.Single(exact);
    }

    [Fact]
    public void RootShowsOnlyTheRootFlag()
    {
        var view = Acl.Compile([Policy.Root]).ToResultantAcl();
        Assert.True(view["root"]!.GetValue<bool>());
        Assert.Null(view["exact_paths"]);
    }

    [Theory]
    [InlineData("""path "secret/data/app" { capabilities = ["read"] }""", "secret/", true)]
    [InlineData("""path "secret/*" { capabilities = ["read"] }""", "secret/", true)]
    [InlineData("""path "+/data/*" { capabilities = ["read"] }""", "secret/", true)]
    [InlineData("""path "secret/data/app" { capabilities = ["deny"] }""", "secret/", false)]
    [InlineData("""path "other/*" { capabilities = ["read"] }""", "secret/", false)]
    [InlineData("""path "sec/x" { capabilities = ["read"] }""", "secret/", false)]
    public void MountAccessLooksBelowTheMount(string policy, string mount, bool expected)
    {
        Assert.Equal(expected, AclOf(policy).HasMountAccess(mount));
    }

    private static string[] Strings(JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
}
