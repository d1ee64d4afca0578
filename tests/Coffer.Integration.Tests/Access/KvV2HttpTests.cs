using System.Net;

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
}
