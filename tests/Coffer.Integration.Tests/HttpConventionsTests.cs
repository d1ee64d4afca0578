using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests;

/// <summary>spec/vault-api.md §1: the conventions every Vault client relies on, against one running server.</summary>
public sealed class HttpConventionsTests : IAsyncLifetime
{
    private ServerFixture _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync();
        await _server.ReadyAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ErrorsAreJsonWithNoStore()
    {
        using var client = _server.RootClient();
        using var response = await client.GetAsync("/v1/secret/missing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal("""{"errors":[]}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EmptyListIs404AndListVerbsAgree()
    {
        using var client = _server.RootClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(TestHttp.Request("LIST", "/v1/secret/nothing"))).StatusCode);
        (await client.PostAsync("/v1/secret/dir/one", TestHttp.Json("""{"a":1}"""))).EnsureSuccessStatusCode();
        var viaVerb = await TestHttp.ReadJsonAsync(await client.SendAsync(TestHttp.Request("LIST", "/v1/secret/dir")));
        var viaQuery = await TestHttp.ReadJsonAsync(await client.GetAsync("/v1/secret/dir?list=true"));
        var viaOne = await TestHttp.ReadJsonAsync(await client.GetAsync("/v1/secret/dir/?list=1"));
        Assert.Equal("""["one"]""", viaVerb["data"]!["keys"]!.ToJsonString());
        Assert.Equal(viaVerb["data"]!.ToJsonString(), viaQuery["data"]!.ToJsonString());
        Assert.Equal(viaVerb["data"]!.ToJsonString(), viaOne["data"]!.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/v1/secret/dir?list=maybe")).StatusCode);
    }

    [Fact]
    public async Task EnvelopeHasEveryField()
    {
        using var client = _server.RootClient();
        (await client.PutAsync("/v1/secret/env", TestHttp.Json("""{"k":"v"}"""))).EnsureSuccessStatusCode();
        var body = await TestHttp.ReadJsonAsync(await client.GetAsync("/v1/secret/env"));
        foreach (var field in new[] { "request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth", "mount_type" })
        {
            Assert.True(body.ContainsKey(field), field);
        }
        Assert.True(Guid.TryParse(body["request_id"]!.GetValue<string>(), out _));
        Assert.Equal("kv", body["mount_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task BearerTokenAndJsonWithAnyContentTypeAndForms()
    {
        using var client = TestHttp.Client(_server.Address);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _server.RootToken);
        var textPlain = new StringContent("""{"from":"text-plain"}""", Encoding.UTF8, "text/plain");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/v1/secret/typed", textPlain)).StatusCode);
        var read = await TestHttp.ReadJsonAsync(await client.GetAsync("/v1/secret/typed"));
        Assert.Equal("text-plain", read["data"]!["from"]!.GetValue<string>());

        var form = new FormUrlEncodedContent([new("a", "1"), new("a", "2"), new("b", "x y")]);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/v1/secret/form", form)).StatusCode);
        var formRead = await TestHttp.ReadJsonAsync(await client.GetAsync("/v1/secret/form"));
        Assert.Equal("1,2", formRead["data"]!["a"]!.GetValue<string>());
        Assert.Equal("x y", formRead["data"]!["b"]!.GetValue<string>());
    }

    [Fact]
    public async Task BadInputGetsTheRightStatus()
    {
        using var client = _server.RootClient();
        var malformed = await client.PostAsync("/v1/secret/x", TestHttp.Json("{not json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("""{"errors":["error parsing JSON"]}""", await malformed.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.SendAsync(TestHttp.Request("TRACE", "/v1/secret/x"))).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.DeleteAsync("/v1/sys/seal-status")).StatusCode);

        var patch = TestHttp.Request("PATCH", "/v1/secret/x", """{"a":1}""");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.SendAsync(patch)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v2/secret/x")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/nomount/x")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/v1/secret/empty", TestHttp.Json("{}"))).StatusCode);
    }

    [Fact]
    public async Task OversizeBodiesGet413AndTheServerKeepsServing()
    {
        using var client = _server.RootClient();
        var big = new ByteArrayContent(new byte[33 * 1024 * 1024]);
        HttpResponseMessage? response = null;
        try
        {
            response = await client.PostAsync("/v1/secret/big", big);
        }
        catch (HttpRequestException)
        {
            // Kestrel may close the connection once it has answered 413 mid-upload.
        }
        if (response is not null)
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
        using var fresh = _server.RootClient();
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/v1/sys/health")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fresh.GetAsync("/v1/secret/big")).StatusCode);
    }

    [Fact]
    public async Task DoubleSlashesAreCollapsed()
    {
        using var client = _server.RootClient();
        (await client.PostAsync("/v1/secret//slashy", TestHttp.Json("""{"a":"b"}"""))).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/secret/slashy")).StatusCode);
    }

    [Fact]
    public async Task SystemEndpointsAnswer()
    {
        using var client = _server.RootClient();
        var mounts = await TestHttp.ReadJsonAsync(await client.GetAsync("/v1/sys/mounts"));
        Assert.Equal("kv", mounts["secret/"]!["type"]!.GetValue<string>());
        Assert.Equal("kv", mounts["data"]!["secret/"]!["type"]!.GetValue<string>());
        Assert.Equal("system", mounts["data"]!["sys/"]!["type"]!.GetValue<string>());

        var leader = await TestHttp.ReadJsonAsync(await client.GetAsync("/v1/sys/leader"));
        Assert.False(leader["ha_enabled"]!.GetValue<bool>());
        Assert.True(DateTimeOffset.TryParse(leader["active_time"]!.GetValue<string>(), out _));

        var replication = await TestHttp.ReadJsonAsync(await TestHttp.Client(_server.Address).GetAsync("/v1/sys/replication/status"));
        Assert.Equal("disabled", replication["data"]!["dr"]!["mode"]!.GetValue<string>());
        Assert.Equal("disabled", replication["data"]!["performance"]!["mode"]!.GetValue<string>());

        var host = await TestHttp.ReadJsonAsync(await client.GetAsync("/v1/sys/host-info"));
        Assert.True(host["data"]!["memory"]!["total"]!.GetValue<long>() > 0);
        var versions = await TestHttp.ReadJsonAsync(await client.SendAsync(TestHttp.Request("LIST", "/v1/sys/version-history")));
        Assert.Single(versions["data"]!["keys"]!.AsArray());

        var before = await TestHttp.ReadJsonAsync(await client.GetAsync("/v1/sys/key-status"));
        Assert.Equal(1, before["term"]!.GetValue<int>());
        (await client.PostAsync("/v1/sys/rotate", null)).EnsureSuccessStatusCode();
        var after = await TestHttp.ReadJsonAsync(await client.GetAsync("/v1/sys/key-status"));
        Assert.Equal(2, after["data"]!["term"]!.GetValue<int>());
    }
}
