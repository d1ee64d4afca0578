using Coffer.Cli.Commands.Kv;

namespace Coffer.Cli.Tests;

public class KvPathTests
{
    [Theory]
    [InlineData("secret/foo", "secret/", "data", "secret/data/foo")]
    [InlineData("secret/a/b/c", "secret/", "metadata", "secret/metadata/a/b/c")]
    [InlineData("secret", "secret/", "metadata", "secret/metadata")]
    [InlineData("secret/", "secret/", "data", "secret/data")]
    [InlineData("team/kv/app", "team/kv/", "data", "team/kv/data/app")]
    // A namespace-qualified mount path for a path given relative to the namespace: the namespace part is dropped.
    [InlineData("kv/app", "team/kv/", "data", "kv/data/app")]
    [InlineData("kv/app", "a/b/kv/", "destroy", "kv/destroy/app")]
    public void AddPrefixPutsTheApiSegmentAfterTheMount(string path, string mount, string prefix, string expected) =>
        Assert.Equal(expected, KvPath.AddPrefix(path, mount, prefix));

    [Theory]
    [InlineData(new[] { "secret/", "foo" }, "secret/foo")]
    [InlineData(new[] { "secret//", "/a//b/" }, "secret/a/b")]
    [InlineData(new[] { "secret/", "./a/../b" }, "secret/b")]
    [InlineData(new[] { "", "foo" }, "foo")]
    [InlineData(new[] { "secret/", "" }, "secret")]
    public void JoinCleansLikeGo(string[] parts, string expected) => Assert.Equal(expected, KvPath.Join(parts));
}
