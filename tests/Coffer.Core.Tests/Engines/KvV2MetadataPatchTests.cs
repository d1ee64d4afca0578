using System.Net;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Engines;

public sealed class KvV2MetadataPatchTests
{
    [Fact]
    public async Task PatchMergesCustomMetadataAndKeepsOtherSettings()
    {
        var kv = await KvV2Fixture.CreateAsync();
        await kv.SendAsync(Operation.Update, "metadata/k", """{"max_versions":4,"custom_metadata":{"owner":"ops","team":"x"}}""");
        var patched = await kv.SendAsync(Operation.Patch, "metadata/k", """{"cas_required":true,"custom_metadata":{"team":null,"tier":"gold"}}""");
        Assert.NotNull(patched);
        Assert.Null(patched.Data);
        var metadata = await kv.MetadataAsync("k");
        Assert.Equal(4, metadata["max_versions"]!.GetValue<long>());
        Assert.True(metadata["cas_required"]!.GetValue<bool>());
        Assert.Equal("""{"owner":"ops","tier":"gold"}""", metadata["custom_metadata"]!.ToJsonString());
    }

    [Fact]
    public async Task PatchOfAMissingKeyIs404()
    {
        var kv = await KvV2Fixture.CreateAsync();
        var error = await kv.FailsAsync(Operation.Patch, "metadata/none", """{"max_versions":2}""");
        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Null(await kv.SendAsync(Operation.Read, "metadata/none"));
    }

    [Fact]
    public async Task CustomMetadataIsBounded()
    {
        var kv = await KvV2Fixture.CreateAsync();
        var tooMany = string.Join(",", Enumerable.Range(0, 65).Select(i => $"\"k{i}\":\"v\""));
        var many = await kv.FailsAsync(Operation.Update, "metadata/k", Custom(tooMany));
        Assert.Equal(HttpStatusCode.BadRequest, many.Status);
        var longValue = await kv.FailsAsync(Operation.Update, "metadata/k", Custom($"\"a\":\"{new string('v', 513)}\""));
        Assert.Equal(HttpStatusCode.BadRequest, longValue.Status);
        var longKey = await kv.FailsAsync(Operation.Update, "metadata/k", Custom($"\"{new string('k', 129)}\":\"v\""));
        Assert.Equal(HttpStatusCode.BadRequest, longKey.Status);
        Assert.Null(await kv.SendAsync(Operation.Read, "metadata/k"));
        await kv.SendAsync(Operation.Update, "metadata/k", Custom($"\"{new string('k', 128)}\":\"{new string('v', 512)}\""));
        Assert.Single((await kv.MetadataAsync("k"))["custom_metadata"]!.AsObject());
    }

    private static string Custom(string members) => "{\"custom_metadata\":{" + members + "}}";
}
