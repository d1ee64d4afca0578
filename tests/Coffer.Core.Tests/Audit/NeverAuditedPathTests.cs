using Coffer.Core.Audit;

namespace Coffer.Core.Tests.Audit;

public sealed class NeverAuditedPathTests
{
    [Theory]
    [InlineData("sys/init")]
    [InlineData("sys/seal-status")]
    [InlineData("sys/seal")]
    [InlineData("sys/step-down")]
    [InlineData("sys/unseal")]
    [InlineData("/sys/unseal")]
    [InlineData("sys/leader")]
    [InlineData("sys/health")]
    [InlineData("sys/rekey/init")]
    [InlineData("sys/rekey/update")]
    [InlineData("sys/rekey/verify")]
    [InlineData("sys/rekey-recovery-key/init")]
    [InlineData("sys/rekey-recovery-key/update")]
    [InlineData("sys/rekey-recovery-key/verify")]
    [InlineData("sys/internal/ui/feature-flags")]
    [InlineData("sys/metrics")]
    [InlineData("sys/storage/raft/join")]
    [InlineData("sys/pprof/heap")]
    public void SealHealthAndKeyShareFlowsAreNeverAudited(string path) => Assert.False(AuditBroker.IsAudited(path));

    [Theory]
    [InlineData("secret/data/app")]
    [InlineData("sys/mounts")]
    [InlineData("sys/audit/file")]
    [InlineData("sys/rekey/backup")]
    [InlineData("sys/sealed-thing")]
    [InlineData("sys/healthz")]
    [InlineData("auth/token/lookup-self")]
    [InlineData("sys/internal/ui/mounts")]
    public void EverythingElseIsAudited(string path) => Assert.True(AuditBroker.IsAudited(path));
}
