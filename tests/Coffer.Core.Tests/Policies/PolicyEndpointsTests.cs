using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Coffer.Core.Access.Policies;
using Coffer.Core.Routing;
using static Coffer.Core.Tests.Policies.PolicyTestSupport;

namespace Coffer.Core.Tests.Policies;

public sealed class PolicyEndpointsTests
{
    private const string Root = PolicyNameRules.RootNamespaceId;
    private const string ReadSecret = """path "secret/*" { capabilities = ["read", "list"] }""";

    private readonly Dictionary<string, IReadOnlyList<string>> _tokens = new() { ["s.dev"] = ["dev"], ["s.root"] = ["root"] };
    private readonly Dictionary<string, IReadOnlyList<string>> _accessors = new() { ["acc-dev"] = ["dev"] };

    private async Task<(PolicyEndpoints Endpoints, PolicyStore Store)> NewAsync()
    {
        var store = new PolicyStore(await UnsealedBarrierAsync());
        await store.EnsureDefaultsAsync(Root);
        var endpoints = new PolicyEndpoints(
            store,
            token => Task.FromResult(_tokens.GetValueOrDefault(token)),
            accessor => Task.FromResult(_accessors.GetValueOrDefault(accessor)));
        return (endpoints, store);
    }

    private static Task<Response?> Call(PolicyEndpoints endpoints, string path, Operation operation, JsonObject? data = null,
        IReadOnlyList<string>? callerPolicies = null) =>
        endpoints.HandleAsync(path, operation, data ?? new JsonObject(), Root, callerPolicies ?? ["default"], CancellationToken.None);

    private static string[] Strings(JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    [Fact]
    public async Task LegacyRoutesReadWriteListAndDelete()
    {
        var (endpoints, _) = await NewAsync();

        Assert.Null(await Call(endpoints, "policy/Dev", Operation.Update, new JsonObject { ["rules"] = ReadSecret }));
        var read = await Call(endpoints, "policy/dev", Operation.Read);
        Assert.Equal("dev", read!.Data!["name"]!.GetValue<string>());
        Assert.Equal(ReadSecret, read.Data["rules"]!.GetValue<string>());

        var list = await Call(endpoints, "policy", Operation.Read);
        Assert.Equal(["default", "dev", "root"], Strings(list!.Data!["keys"]));
        Assert.Equal(["default", "dev", "root"], Strings(list.Data["policies"]));

        Assert.Null(await Call(endpoints, "policy/dev", Operation.Delete));
        Assert.Null(await Call(endpoints, "policy/dev", Operation.Read));
    }

    [Fact]
    public async Task AclRoutesReadWriteListAndDelete()
    {
        var (endpoints, _) = await NewAsync();

        Assert.Null(await Call(endpoints, "policies/acl/dev", Operation.Create, new JsonObject { ["policy"] = ReadSecret }));
        var read = await Call(endpoints, "policies/acl/dev", Operation.Read);
        Assert.Equal(ReadSecret, read!.Data!["policy"]!.GetValue<string>());
        Assert.Null(read.Data["rules"]);

        var list = await Call(endpoints, "policies/acl/", Operation.List);
        Assert.Equal(["default", "dev", "root"], Strings(list!.Data!["keys"]));
        Assert.Null(list.Data["policies"]);

        Assert.Null(await Call(endpoints, "policies/acl/dev", Operation.Delete));
        Assert.Null(await Call(endpoints, "policies/acl/dev", Operation.Read));
        var notList = await Assert.ThrowsAsync<CofferError>(() => Call(endpoints, "policies/acl", Operation.Read));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, notList.Status);
    }

    [Fact]
    public async Task AcceptsABase64EncodedPolicy()
    {
        var (endpoints, store) = await NewAsync();
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(ReadSecret));

        await Call(endpoints, "policies/acl/dev", Operation.Update, new JsonObject { ["policy"] = encoded });

        Assert.Equal(ReadSecret, (await store.GetAsync(Root, "dev"))!.Text);
    }

    [Fact]
    public async Task RejectsAMissingOrInvalidBody()
    {
        var (endpoints, _) = await NewAsync();

        var empty = await AssertBadRequestAsync(() => Call(endpoints, "policies/acl/dev", Operation.Update));
        Assert.Equal("'policy' parameter not supplied or empty", empty.Message);
        var invalid = await AssertBadRequestAsync(() =>
            Call(endpoints, "policy/dev", Operation.Update, new JsonObject { ["policy"] = "path \"a\" { capabilities = [\"fly\"] }" }));
        Assert.Equal("failed to parse policy: path \"a\": invalid capability \"fly\"", invalid.Message);
    }

    [Fact]
    public async Task BuiltInsReadAsVaultShowsThemAndRefuseChanges()
    {
        var (endpoints, _) = await NewAsync();

        var root = await Call(endpoints, "policy/root", Operation.Read);
        Assert.Equal("root", root!.Data!["name"]!.GetValue<string>());
        Assert.Equal("", root.Data["rules"]!.GetValue<string>());
        Assert.Equal(BuiltinPolicies.DefaultText, (await Call(endpoints, "policies/acl/default", Operation.Read))!.Data!["policy"]!.GetValue<string>());

        Assert.Equal("cannot update \"root\" policy",
            (await AssertBadRequestAsync(() => Call(endpoints, "policy/root", Operation.Update, new JsonObject { ["policy"] = ReadSecret }))).Message);
        Assert.Equal("cannot delete \"root\" policy", (await AssertBadRequestAsync(() => Call(endpoints, "policy/root", Operation.Delete))).Message);
        Assert.Equal("cannot delete default policy", (await AssertBadRequestAsync(() => Call(endpoints, "policies/acl/default", Operation.Delete))).Message);
    }

    [Fact]
    public async Task CapabilitiesSelfReportsEachPathAndTheSingleLegacyKey()
    {
        var (endpoints, store) = await NewAsync();
        await store.SetAsync(Root, "dev", ReadSecret);

        var one = await Call(endpoints, "capabilities-self", Operation.Update,
            new JsonObject { ["paths"] = new JsonArray("secret/x") }, ["default", "dev"]);
        Assert.Equal(["list", "read"], Strings(one!.Data!["secret/x"]));
        Assert.Equal(["list", "read"], Strings(one.Data["capabilities"]));

        var two = await Call(endpoints, "capabilities-self", Operation.Update,
            new JsonObject { ["paths"] = "secret/x, cubbyhole/y" }, ["default", "dev"]);
        Assert.Equal(["list", "read"], Strings(two!.Data!["secret/x"]));
        Assert.Equal(["create", "delete", "list", "read", "update"], Strings(two.Data["cubbyhole/y"]));
        Assert.Null(two.Data["capabilities"]);
    }

    [Fact]
    public async Task CapabilitiesSelfAcceptsTheLegacyPathField()
    {
        var (endpoints, _) = await NewAsync();
        var response = await Call(endpoints, "capabilities-self", Operation.Update, new JsonObject { ["path"] = "nothing/here" });
        Assert.Equal(["deny"], Strings(response!.Data!["capabilities"]));
    }

    [Fact]
    public async Task CapabilitiesOfAnotherTokenOrAccessor()
    {
        var (endpoints, store) = await NewAsync();
        await store.SetAsync(Root, "dev", ReadSecret);

        var byToken = await Call(endpoints, "capabilities", Operation.Update,
            new JsonObject { ["token"] = "s.dev", ["paths"] = new JsonArray("secret/a") });
        Assert.Equal(["list", "read"], Strings(byToken!.Data!["capabilities"]));

        var root = await Call(endpoints, "capabilities", Operation.Update,
            new JsonObject { ["token"] = "s.root", ["paths"] = new JsonArray("anything") });
        Assert.Equal(["root"], Strings(root!.Data!["anything"]));

        var byAccessor = await Call(endpoints, "capabilities-accessor", Operation.Update,
            new JsonObject { ["accessor"] = "acc-dev", ["paths"] = new JsonArray("kv/a") });
        Assert.Equal(["deny"], Strings(byAccessor!.Data!["kv/a"]));
    }

    [Fact]
    public async Task CapabilityQueriesRejectUnknownTokensAccessorsAndMissingPaths()
    {
        var (endpoints, _) = await NewAsync();
        var paths = new JsonArray("a");

        Assert.Equal("invalid token", (await AssertBadRequestAsync(() => Call(endpoints, "capabilities", Operation.Update,
            new JsonObject { ["token"] = "s.nope", ["paths"] = paths.DeepClone() }))).Message);
        Assert.Equal("invalid accessor", (await AssertBadRequestAsync(() => Call(endpoints, "capabilities-accessor", Operation.Update,
            new JsonObject { ["accessor"] = "nope", ["paths"] = paths.DeepClone() }))).Message);
        Assert.Equal("missing accessor", (await AssertBadRequestAsync(() => Call(endpoints, "capabilities-accessor", Operation.Update,
            new JsonObject { ["paths"] = paths.DeepClone() }))).Message);
        Assert.Equal("paths must be supplied", (await AssertBadRequestAsync(() => Call(endpoints, "capabilities-self", Operation.Update))).Message);
    }

    [Fact]
    public async Task CapabilitiesFollowPolicyChangesAtOnce()
    {
        var (endpoints, store) = await NewAsync();
        await store.SetAsync(Root, "dev", ReadSecret);
        var ask = () => Call(endpoints, "capabilities", Operation.Update, new JsonObject { ["token"] = "s.dev", ["paths"] = "secret/a" });
        Assert.Equal(["list", "read"], Strings((await ask())!.Data!["capabilities"]));

        await Call(endpoints, "policy/dev", Operation.Update, new JsonObject { ["policy"] = """path "secret/*" { capabilities = ["deny"] }""" });

        Assert.Equal(["deny"], Strings((await ask())!.Data!["capabilities"]));
    }

    [Fact]
    public async Task ResultantAclDescribesTheCaller()
    {
        var (endpoints, store) = await NewAsync();
        await store.SetAsync(Root, "dev", ReadSecret);

        var response = await Call(endpoints, "internal/ui/resultant-acl", Operation.Read, callerPolicies: ["dev"]);

        Assert.False(response!.Data!["root"]!.GetValue<bool>());
        Assert.NotNull(response.Data["glob_paths"]!["secret/"]);
    }

    [Theory]
    [InlineData("policy", true)]
    [InlineData("policy/x/y", true)]
    [InlineData("policies/acl/", true)]
    [InlineData("capabilities-accessor", true)]
    [InlineData("policy/", true)]
    [InlineData("policies/rgp/x", false)]
    [InlineData("mounts", false)]
    [InlineData("policies/acl", true)]
    public void KnowsWhichPathsItServes(string path, bool expected) => Assert.Equal(expected, PolicyEndpoints.Handles(path));

    [Fact]
    public async Task UnknownPathsAre404AndWrongOperations405()
    {
        var (endpoints, _) = await NewAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<CofferError>(() => Call(endpoints, "policies/egp/x", Operation.Read))).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Assert.ThrowsAsync<CofferError>(() => Call(endpoints, "capabilities-self", Operation.Read))).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Assert.ThrowsAsync<CofferError>(() => Call(endpoints, "policy/x", Operation.List))).Status);
    }
}
