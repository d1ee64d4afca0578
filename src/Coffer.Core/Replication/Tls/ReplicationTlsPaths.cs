namespace Coffer.Core.Replication.Tls;

/// <summary>
/// Where the replication TLS material lives. Everything sits below <c>core/local/</c>, so the key classifier marks it
/// Local: a CA key or a secondary's record must never be shipped to another cluster.
/// </summary>
public static class ReplicationTlsPaths
{
    public const string Root = KeyClassifier.ClusterLocalPrefix + "replication/tls/";
    public const string Authority = Root + "ca";
    public const string ServerCertificate = Root + "server";
    public const string Secondaries = Root + "secondaries/";

    public static string Secondary(string secondaryId) => Secondaries + secondaryId;
}
