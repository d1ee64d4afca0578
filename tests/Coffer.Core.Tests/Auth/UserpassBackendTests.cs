using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Coffer.Core.Auth.Userpass;
using Coffer.Core.Barrier;
using Coffer.Core.Routing;
using static Coffer.Core.Tests.Auth.AuthMountFixture;

namespace Coffer.Core.Tests.Auth;

public sealed class UserpassBackendTests
{
    private const string Password = "correct horse battery staple";

    private static async Task<(UserpassBackend Backend, AuthMountFixture Mount)> StartAsync()
    {
        var mount = await CreateAsync();
        return (new UserpassBackend(mount.View), mount);
    }

    private static Task<Response?> Send(UserpassBackend backend, Operation op, string path, string? json = null, string? remote = "127.0.0.1") =>
        backend.HandleAsync(Request(op, "userpass", path, json, remote), CancellationToken.None);

    [Fact]
    public async Task CreateReadListDelete()
    {
        var (backend, _) = await StartAsync();
        Assert.Null(await Send(backend, Operation.Update, "users/Alice",
            $$"""{"password":"{{Password}}","token_policies":"dev,ops","token_ttl":"1h","token_bound_cidrs":["127.0.0.1/32","10.0.0.0/8"]}"""));
        await Send(backend, Operation.Update, "users/bob", """{"password":"pw-bob"}""");

        var read = (await Send(backend, Operation.Read, "users/alice"))!.Data!;
        Assert.Equal(3600, read["token_ttl"]!.GetValue<long>());
        Assert.Equal(0, read["token_max_ttl"]!.GetValue<long>());
        Assert.Equal(["dev", "ops"], read["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["127.0.0.1", "10.0.0.0/8"], read["token_bound_cidrs"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("default", read["token_type"]!.GetValue<string>());
        Assert.Null(read["password"]);
        Assert.DoesNotContain("password", read.ToJsonString());

        var list = (await Send(backend, Operation.List, "users/"))!.Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>());
        Assert.Equal(["alice", "bob"], list);

        Assert.Null(await Send(backend, Operation.Delete, "users/alice"));
        Assert.Null(await Send(backend, Operation.Read, "users/alice"));
        Assert.Null(await Send(backend, Operation.Read, "users/nobody"));
    }

    [Fact]
    public async Task PasswordIsStoredOnlyAsASaltedSlowHash()
    {
        var (backend, mount) = await StartAsync();
        await Send(backend, Operation.Update, "users/alice", $$"""{"password":"{{Password}}"}""");
        await Send(backend, Operation.Update, "users/carol", $$"""{"password":"{{Password}}"}""");
        var dump = await mount.PlaintextDumpAsync();
        Assert.All(dump.Values, value => Assert.DoesNotContain(Password, value));
        Assert.All(dump.Values, value => Assert.DoesNotContain(Convert.ToBase64String("correct horse"u8.ToArray())[..8], value));

        var alice = JsonDocument.Parse(dump["user/alice"]).RootElement.GetProperty("password");
        var carol = JsonDocument.Parse(dump["user/carol"]).RootElement.GetProperty("password");
        Assert.Equal("pbkdf2-sha256", alice.GetProperty("algorithm").GetString());
        Assert.Equal(PasswordHash.CurrentIterations, alice.GetProperty("iterations").GetInt32());
        Assert.True(PasswordHash.CurrentIterations >= 100_000);
        Assert.Equal(16, alice.GetProperty("salt").GetBytesFromBase64().Length);
        Assert.NotEqual(alice.GetProperty("hash").GetString(), carol.GetProperty("hash").GetString());
    }

    [Fact]
    public async Task CreateNeedsAPasswordAndRejectsBcryptHashes()
    {
        var (backend, _) = await StartAsync();
        var missing = await FailsWithAsync(HttpStatusCode.BadRequest, () => Send(backend, Operation.Update, "users/alice", """{"token_ttl":60}"""));
        Assert.Equal("missing password", missing.Message);
        var bcrypt = await FailsWithAsync(HttpStatusCode.BadRequest,
            () => Send(backend, Operation.Update, "users/alice", """{"password_hash":"$2a$10$abcdefghijklmnopqrstuv"}"""));
        Assert.Contains("password_hash is not supported", bcrypt.Message);
        Assert.Null(await Send(backend, Operation.Read, "users/alice"));

        // An update without a password keeps the old one.
        await Send(backend, Operation.Update, "users/alice", $$"""{"password":"{{Password}}"}""");
        await Send(backend, Operation.Update, "users/alice", """{"token_ttl":"5m"}""");
        Assert.NotNull((await Send(backend, Operation.Update, "login/alice", $$"""{"password":"{{Password}}"}"""))!.Login);
    }

    [Theory]
    [InlineData("-alice")]
    [InlineData(".alice")]
    [InlineData("alice.")]
    [InlineData("al ice")]
    [InlineData("al*ce")]
    [InlineData("älice")]
    public async Task InvalidUsernamesAreRejected(string name)
    {
        var (backend, _) = await StartAsync();
        await FailsWithAsync(HttpStatusCode.BadRequest, () => Send(backend, Operation.Update, $"users/{name}", """{"password":"x"}"""));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("alice-")]
    [InlineData("a.b_c-d")]
    [InlineData("_svc")]
    [InlineData("ALICE")]
    public async Task ValidUsernamesAreAcceptedAndLowerCased(string name)
    {
        var (backend, _) = await StartAsync();
        await Send(backend, Operation.Update, $"users/{name}", """{"password":"x"}""");
        Assert.NotNull(await Send(backend, Operation.Read, $"users/{name.ToLowerInvariant()}"));
    }

    [Fact]
    public async Task LoginReturnsTheUsersTokenSettings()
    {
        var (backend, _) = await StartAsync();
        await Send(backend, Operation.Update, "users/alice",
            $$"""{"password":"{{Password}}","token_policies":["dev"],"token_ttl":"1h","token_max_ttl":"2h","token_num_uses":5,"token_period":0}""");
        var login = (await Send(backend, Operation.Update, "login/ALICE", $$"""{"password":"{{Password}}"}"""))!.Login!;
        Assert.Equal(["dev"], login.Policies);
        Assert.Equal(3600, login.TtlSeconds);
        Assert.Equal(7200, login.MaxTtlSeconds);
        Assert.Equal(5, login.NumUses);
        Assert.Equal("alice", login.Metadata["username"]);
        Assert.Equal("alice", login.DisplayName);
        Assert.Equal("alice", login.AliasName);
        Assert.True(login.Renewable);
    }

    [Fact]
    public async Task WrongPasswordAndUnknownUserFailTheSameWay()
    {
        var (backend, _) = await StartAsync();
        await Send(backend, Operation.Update, "users/alice", $$"""{"password":"{{Password}}"}""");
        var wrong = await FailsWithAsync(HttpStatusCode.BadRequest, () => Send(backend, Operation.Update, "login/alice", """{"password":"nope"}"""));
        var unknown = await FailsWithAsync(HttpStatusCode.BadRequest, () => Send(backend, Operation.Update, "login/mallory", """{"password":"nope"}"""));
        var invalidName = await FailsWithAsync(HttpStatusCode.BadRequest, () => Send(backend, Operation.Update, "login/-x", """{"password":"nope"}"""));
        Assert.Equal("invalid username or password", wrong.Message);
        Assert.Equal(wrong.Message, unknown.Message);
        Assert.Equal(wrong.Message, invalidName.Message);
        var missing = await FailsWithAsync(HttpStatusCode.BadRequest, () => Send(backend, Operation.Update, "login/alice", "{}"));
        Assert.Equal("missing password", missing.Message);
    }

    [Fact]
    public async Task UnknownUsersCostAboutAsMuchTimeAsWrongPasswords()
    {
        var (backend, _) = await StartAsync();
        await Send(backend, Operation.Update, "users/alice", $$"""{"password":"{{Password}}"}""");
        // The fastest of several tries: noise from other tests only ever adds time.
        async Task<double> TimeAsync(string user)
        {
            var fastest = double.MaxValue;
            for (var i = 0; i < 5; i++)
            {
                var watch = Stopwatch.StartNew();
                await Assert.ThrowsAsync<CofferError>(() => Send(backend, Operation.Update, $"login/{user}", """{"password":"nope"}"""));
                fastest = Math.Min(fastest, watch.Elapsed.TotalMilliseconds);
            }
            return fastest;
        }
        await TimeAsync("mallory");
        var known = await TimeAsync("alice");
        var unknown = await TimeAsync("mallory");
        // Without the decoy hash an unknown user costs microseconds against tens of milliseconds; 0.2 leaves room for noise.
        Assert.True(unknown > known * 0.2, $"unknown user {unknown:F1} ms vs wrong password {known:F1} ms");
    }

    [Fact]
    public async Task BoundCidrsAreCheckedAfterThePassword()
    {
        var (backend, _) = await StartAsync();
        await Send(backend, Operation.Update, "users/alice", $$"""{"password":"{{Password}}","token_bound_cidrs":"10.0.0.0/8"}""");
        Assert.NotNull(await Send(backend, Operation.Update, "login/alice", $$"""{"password":"{{Password}}"}""", "10.1.2.3"));
        var outside = await FailsWithAsync(HttpStatusCode.Forbidden,
            () => Send(backend, Operation.Update, "login/alice", $$"""{"password":"{{Password}}"}""", "192.168.0.1"));
        Assert.Equal("permission denied", outside.Message);
        await FailsWithAsync(HttpStatusCode.Forbidden, () => Send(backend, Operation.Update, "login/alice", $$"""{"password":"{{Password}}"}""", null));
        await FailsWithAsync(HttpStatusCode.BadRequest, () => Send(backend, Operation.Update, "login/alice", """{"password":"nope"}""", "192.168.0.1"));
        await FailsWithAsync(HttpStatusCode.BadRequest,
            () => Send(backend, Operation.Update, "users/alice", """{"token_bound_cidrs":"10.0.0.0/40"}"""));
    }

    [Fact]
    public async Task PasswordChangeReplacesTheOldPassword()
    {
        var (backend, _) = await StartAsync();
        await Send(backend, Operation.Update, "users/alice", $$"""{"password":"{{Password}}"}""");
        Assert.Null(await Send(backend, Operation.Update, "users/alice/password", """{"password":"new-secret"}"""));
        await FailsWithAsync(HttpStatusCode.BadRequest, () => Send(backend, Operation.Update, "login/alice", $$"""{"password":"{{Password}}"}"""));
        Assert.NotNull((await Send(backend, Operation.Update, "login/alice", """{"password":"new-secret"}"""))!.Login);
        await FailsWithAsync(HttpStatusCode.BadRequest, () => Send(backend, Operation.Update, "users/alice/password", "{}"));
        await FailsWithAsync(HttpStatusCode.BadRequest, () => Send(backend, Operation.Update, "users/nobody/password", """{"password":"x"}"""));
    }

    [Fact]
    public async Task PoliciesEndpointChangesOnlyThePolicies()
    {
        var (backend, _) = await StartAsync();
        await Send(backend, Operation.Update, "users/alice", $$"""{"password":"{{Password}}","token_policies":"a","token_ttl":60}""");
        Assert.Null(await Send(backend, Operation.Update, "users/alice/policies", """{"token_policies":["b","c"]}"""));
        var read = (await Send(backend, Operation.Read, "users/alice"))!.Data!;
        Assert.Equal(["b", "c"], read["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(60, read["token_ttl"]!.GetValue<long>());
        Assert.Null(read["policies"]);

        await Send(backend, Operation.Update, "users/alice/policies", """{"policies":"legacy"}""");
        read = (await Send(backend, Operation.Read, "users/alice"))!.Data!;
        Assert.Equal(["legacy"], read["policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["legacy"], read["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["legacy"], (await Send(backend, Operation.Update, "login/alice", $$"""{"password":"{{Password}}"}"""))!.Login!.Policies);
        await FailsWithAsync(HttpStatusCode.BadRequest, () => Send(backend, Operation.Update, "users/nobody/policies", """{"token_policies":"x"}"""));
    }

    [Fact]
    public async Task OldHashParametersAreUpgradedAtLogin()
    {
        var (backend, mount) = await StartAsync();
        await Send(backend, Operation.Update, "users/alice", $$"""{"password":"{{Password}}"}""");
        var stored = System.Text.Json.Nodes.JsonNode.Parse(await mount.View.GetAsync("user/alice"))!;
        var salt = Convert.FromBase64String(stored["password"]!["salt"]!.GetValue<string>());
        var weak = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(Password, salt, 1000, System.Security.Cryptography.HashAlgorithmName.SHA256, 32);
        stored["password"]!["iterations"] = 1000;
        stored["password"]!["hash"] = Convert.ToBase64String(weak);
        await mount.View.PutAsync("user/alice", System.Text.Encoding.UTF8.GetBytes(stored.ToJsonString()));

        Assert.NotNull((await Send(backend, Operation.Update, "login/alice", $$"""{"password":"{{Password}}"}"""))!.Login);
        var upgraded = System.Text.Json.Nodes.JsonNode.Parse(await mount.View.GetAsync("user/alice"))!;
        Assert.Equal(PasswordHash.CurrentIterations, upgraded["password"]!["iterations"]!.GetValue<int>());
        Assert.NotNull((await Send(backend, Operation.Update, "login/alice", $$"""{"password":"{{Password}}"}"""))!.Login);
    }

    [Fact]
    public async Task PathsAndOperationsOutsideTheApiAreRefused()
    {
        var (backend, _) = await StartAsync();
        Assert.True(backend.IsUnauthenticated("login/alice"));
        Assert.False(backend.IsUnauthenticated("users/alice"));
        await FailsWithAsync(HttpStatusCode.MethodNotAllowed, () => Send(backend, Operation.Read, "login/alice"));
        await FailsWithAsync(HttpStatusCode.NotFound, () => Send(backend, Operation.Read, "nothing/here"));
        await FailsWithAsync(HttpStatusCode.BadRequest, () => Send(backend, Operation.Update, "users/alice", """{"password":{"nested":1}}"""));
        await FailsWithAsync(HttpStatusCode.BadRequest, () => Send(backend, Operation.Update, "users/alice", """{"password":"x","token_ttl":"forever"}"""));
    }

    [Fact]
    public async Task ExistenceCheckDistinguishesCreateFromUpdate()
    {
        var (backend, _) = await StartAsync();
        Assert.False(await backend.ExistsAsync(Request(Operation.Update, "userpass", "users/alice"), CancellationToken.None));
        await Send(backend, Operation.Update, "users/alice", """{"password":"x"}""");
        Assert.True(await backend.ExistsAsync(Request(Operation.Update, "userpass", "users/ALICE"), CancellationToken.None));
        Assert.Null(await backend.ExistsAsync(Request(Operation.Update, "userpass", "login/alice"), CancellationToken.None));
    }
}
