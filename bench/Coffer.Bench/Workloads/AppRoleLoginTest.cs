using System.Text.Json;

namespace Coffer.Bench.Workloads;

/// <summary>
/// approle_login: setup enables AppRole at <c>auth/bench-approle</c>, makes a role and one secret id with unlimited
/// uses; the timed phase logs in with them (each login issues and stores a token).
/// </summary>
public sealed class AppRoleLoginTest(string name, WorkloadSettings settings) : BenchTest(name, settings.Address)
{
    private const string MountPath = "bench-approle";
    private readonly Uri _login = VaultPaths.Api(settings.Address, $"auth/{MountPath}/login");
    private byte[] _body = [];

    public override async Task SetupAsync(SetupContext context, CancellationToken cancellationToken)
    {
        context.Log.WriteLine($"[{Name}] setup: enabling AppRole at auth/{MountPath}/ with role bench-role");
        var address = Target;
        var (status, text) = await SetupRequests.TrySendAsync(context.Client, HttpMethod.Post, VaultPaths.Api(address, $"sys/auth/{MountPath}"),
            "{\"type\":\"approle\"}"u8.ToArray(), "enabling approle", cancellationToken);
        if (status is not (204 or 200) && !text.Contains("already in use", StringComparison.Ordinal))
        {
            throw new SetupException($"enabling approle: HTTP {status}{SetupRequests.Describe(text)}");
        }
        await SetupRequests.SendAsync(context.Client, HttpMethod.Post, VaultPaths.Api(address, $"auth/{MountPath}/role/bench-role"),
            "{\"token_policies\":[\"default\"],\"token_ttl\":\"1h\",\"secret_id_num_uses\":0}"u8.ToArray(), "creating the role", cancellationToken);
        var roleId = Field(await SetupRequests.SendAsync(context.Client, HttpMethod.Get,
            VaultPaths.Api(address, $"auth/{MountPath}/role/bench-role/role-id"), null, "reading the role id", cancellationToken), "role_id");
        var secretId = Field(await SetupRequests.SendAsync(context.Client, HttpMethod.Post,
            VaultPaths.Api(address, $"auth/{MountPath}/role/bench-role/secret-id"), "{}"u8.ToArray(), "creating a secret id", cancellationToken), "secret_id");
        _body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["role_id"] = roleId, ["secret_id"] = secretId });
        await SetupRequests.SendAsync(context.Client, HttpMethod.Post, _login, _body, "logging in once", cancellationToken);
    }

    public override HttpRequestMessage CreateRequest(Random random) => JsonBodies.Request(HttpMethod.Post, _login, _body);

    public override bool IsSuccess(int statusCode) => statusCode == 200;

    private static string Field(string body, string name)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("data").GetProperty(name).GetString()
               ?? throw new SetupException($"the response had no {name}");
    }
}
