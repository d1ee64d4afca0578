using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Coffer.Integration.Tests.Access;

/// <summary>
/// A thin Vault HTTP client for the access tests: every call names its token explicitly (or none), so a test
/// always says whose rights it exercises.
/// </summary>
public sealed class VaultApi(string address) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };

    public async Task<ApiReply> SendAsync(string method, string path, string? token, string? json = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/v1/" + path.TrimStart('/'));
        if (token is not null)
        {
            request.Headers.Add("X-Vault-Token", token);
        }
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        JsonObject? body = null;
        if (raw.Length > 0)
        {
            body = JsonNode.Parse(raw) as JsonObject;
        }
        return new ApiReply(response.StatusCode, body, response.Headers, raw);
    }

    public Task<ApiReply> GetAsync(string path, string? token, IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync("GET", path, token, null, headers);

    public Task<ApiReply> ListAsync(string path, string? token, IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync("LIST", path, token, null, headers);

    public Task<ApiReply> PostAsync(string path, string? token, string json = "{}", IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync("POST", path, token, json, headers);

    public Task<ApiReply> PutAsync(string path, string? token, string json = "{}", IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync("PUT", path, token, json, headers);

    public Task<ApiReply> DeleteAsync(string path, string? token, IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync("DELETE", path, token, null, headers);

    /// <summary>Writes an ACL policy through <c>sys/policies/acl</c> (under <paramref name="namespacePath"/> when given).</summary>
    public async Task WritePolicyAsync(string token, string name, string policy, string namespacePath = "")
    {
        var body = new JsonObject { ["policy"] = policy }.ToJsonString();
        (await PutAsync(namespacePath + "sys/policies/acl/" + name, token, body)).ExpectNoContent();
    }

    /// <summary>Creates a token with <paramref name="json"/> as the create body and returns the whole reply (200 asserted).</summary>
    public async Task<ApiReply> CreateTokenAsync(string parentToken, string json, string path = "auth/token/create") =>
        (await PostAsync(path, parentToken, json)).ExpectOk();

    /// <summary>A child of <paramref name="parentToken"/> holding <paramref name="policies"/>; returns the token.</summary>
    public async Task<string> TokenWithPoliciesAsync(string parentToken, params string[] policies) =>
        (await CreateTokenAsync(parentToken, new JsonObject
        {
            ["policies"] = new JsonArray(policies.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
        }.ToJsonString())).ClientToken;

    public async Task<JsonNode> LookupSelfAsync(string token) => (await GetAsync("auth/token/lookup-self", token)).ExpectOk().Data!;

    /// <summary>The server still answers <c>sys/health</c> as an unsealed active node.</summary>
    public async Task AssertHealthyAsync()
    {
        var health = await GetAsync("sys/health", null);
        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.False(health.Body!["sealed"]!.GetValue<bool>());
    }

    public static IReadOnlyDictionary<string, string> Header(string name, string value) => new Dictionary<string, string> { [name] = value };

    public static IReadOnlyDictionary<string, string> Namespace(string path) => Header("X-Vault-Namespace", path);

    public static IReadOnlyDictionary<string, string> WrapTtl(string ttl) => Header("X-Vault-Wrap-TTL", ttl);

    public void Dispose() => _http.Dispose();
}
