using System.Text.Json.Nodes;
using Coffer.Core.Auth.AppRole;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Auth;

/// <summary>An AppRole backend on a fresh mount, with shortcuts for the calls most tests make.</summary>
internal sealed class AppRoleHarness
{
    private AppRoleHarness(AuthMountFixture mount, bool slowStorage)
    {
        Mount = mount;
        Backend = new AppRoleBackend(slowStorage ? new SlowStorage(mount.View) : mount.View, mount.Clock);
    }

    public AuthMountFixture Mount { get; }
    public AppRoleBackend Backend { get; }

    /// <param name="slowStorage">Delay every storage call, to expose read-then-write races.</param>
    public static async Task<AppRoleHarness> StartAsync(bool slowStorage = false) => new(await AuthMountFixture.CreateAsync(), slowStorage);

    public Task<Response?> SendAsync(Operation op, string path, string? json = null, string? remote = "127.0.0.1") =>
        Backend.HandleAsync(AuthMountFixture.Request(op, "approle", path, json, remote), CancellationToken.None);

    public async Task<JsonObject> DataAsync(Operation op, string path, string? json = null) =>
        (await SendAsync(op, path, json))!.Data!;

    public async Task<string> RoleIdAsync(string role) =>
        (await DataAsync(Operation.Read, $"role/{role}/role-id"))["role_id"]!.GetValue<string>();

    public async Task<(string SecretId, string Accessor)> NewSecretIdAsync(string role, string json = "{}")
    {
        var data = await DataAsync(Operation.Update, $"role/{role}/secret-id", json);
        return (data["secret_id"]!.GetValue<string>(), data["secret_id_accessor"]!.GetValue<string>());
    }

    public async Task<LoginAuth> LoginAsync(string roleId, string? secretId, string? remote = "127.0.0.1")
    {
        var body = new JsonObject { ["role_id"] = roleId };
        if (secretId is not null)
        {
            body["secret_id"] = secretId;
        }
        return (await SendAsync(Operation.Update, "login", body.ToJsonString(), remote))!.Login!;
    }

    public static List<string> Keys(Response? list) =>
        list?.Data?["keys"]?.AsArray().Select(k => k!.GetValue<string>()).ToList() ?? [];
}
