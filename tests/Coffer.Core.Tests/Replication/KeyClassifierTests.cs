using Coffer.Core.Replication;

namespace Coffer.Core.Tests.Replication;

public sealed class KeyClassifierTests
{
    private readonly KeyClassifier _classifier = new(uuid => uuid switch
    {
        "shared-uuid" => false,
        "local-uuid" => true,
        _ => null,
    });

    [Theory]
    [InlineData("core/mounts", KeyClass.Replicated)]
    [InlineData("core/keyring", KeyClass.Replicated)]
    [InlineData("core/seal-config", KeyClass.Replicated)]
    [InlineData("core/dr/local-mounts", KeyClass.DrOnly)]
    [InlineData("core/local/cluster-info", KeyClass.Local)]
    [InlineData("repl/wal/00001", KeyClass.Local)]
    [InlineData("sys/token/id/abc", KeyClass.DrOnly)]
    [InlineData("sys/expire/id/x", KeyClass.DrOnly)]
    [InlineData("logical/shared-uuid/foo", KeyClass.Replicated)]
    [InlineData("logical/local-uuid/foo", KeyClass.DrOnly)]
    [InlineData("logical/unknown-uuid/foo", KeyClass.DrOnly)]
    [InlineData("auth/shared-uuid/users/a", KeyClass.Replicated)]
    [InlineData("auth/shared-uuid/secret_id_local/x", KeyClass.DrOnly)]
    [InlineData("auth/shared-uuid/accessor_local/x", KeyClass.DrOnly)]
    [InlineData("something/else", KeyClass.DrOnly)]
    public void ClassFollowsFromThePath(string key, KeyClass expected) => Assert.Equal(expected, _classifier.Classify(key));
}
