using System.Net;
using System.Text;

namespace Coffer.Integration.Tests.Access;

/// <summary>spec/vault-api.md §6.3: KV v2 over HTTP, including the 404 that still carries the version's metadata.</summary>
public sealed class KvV2HttpTests(AccessServer fixture) : IClassFixture<AccessServer>
{
    private VaultApi Api => fixture.Api;
    private string Root => fixture.RootToken;

    [Fact]
    public async Task DeletedVersionsReadAs404WithMetadata()
    {
        (await Api.PostAsync("sys/mounts/kv2-http", Root, """{"type":"kv-v2"}""")).ExpectNoContent();
        var written = (await Api.PutAsync("kv2-http/data/app", Root, """{"data":{"k":"v"}}""")).ExpectOk();
        Assert.Equal(1, written.Data!["version"]!.GetValue<long>());
        Assert.Equal("v", (await Api.GetAsync("kv2-http/data/app", Root)).ExpectOk().Data!["data"]!["k"]!.GetValue<string>());

        (await Api.DeleteAsync("kv2-http/data/app", Root)).ExpectNoContent();
        var gone = (await Api.GetAsync("kv2-http/data/app", Root)).Expect(HttpStatusCode.NotFound);
        Assert.Null(gone.Data!["data"]);
        Assert.Equal(1, gone.Data["metadata"]!["version"]!.GetValue<long>());
        Assert.NotEqual("", gone.Data["metadata"]!["deletion_time"]!.GetValue<string>());

        (await Api.GetAsync("kv2-http/data/missing", Root)).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PatchesAnswerWithTheNewVersionOrNoContent()
    {
        (await Api.PostAsync("sys/mounts/kv2-patch", Root, """{"type":"kv","options":{"version":"2"}}""")).ExpectNoContent();
        (await Api.PutAsync("kv2-patch/data/app", Root, """{"data":{"a":"1","b":"2"}}""")).ExpectOk();

        var data = await MergePatchAsync("kv2-patch/data/app", """{"data":{"b":null,"c":"3"}}""");
        Assert.Equal(HttpStatusCode.OK, data.StatusCode);
        var read = (await Api.GetAsync("kv2-patch/data/app", Root)).ExpectOk();
        Assert.Equal("""{"a":"1","c":"3"}""", read.Data!["data"]!.ToJsonString());

        var metadata = await MergePatchAsync("kv2-patch/metadata/app", """{"custom_metadata":{"owner":"ops"}}""");
        Assert.Equal(HttpStatusCode.NoContent, metadata.StatusCode);
        var missing = await MergePatchAsync("kv2-patch/metadata/none", """{"max_versions":1}""");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<HttpResponseMessage> MergePatchAsync(string path, string json)
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Server.Address) };
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/v1/" + path);
        request.Headers.Add("X-Vault-Token", Root);
        request.Content = new StringContent(json, Encoding.UTF8, "application/merge-patch+json");
        return await http.SendAsync(request);
    }
}
