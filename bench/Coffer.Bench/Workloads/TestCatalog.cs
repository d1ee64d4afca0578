using Coffer.Bench.Cli;

namespace Coffer.Bench.Workloads;

/// <summary>Maps the names accepted by <c>-tests</c> to test instances.</summary>
public static class TestCatalog
{
    /// <summary>
    /// kv_read/kv_write follow <c>-kv-version</c> on <c>-mount</c>; the kvv1_/kvv2_ names (vault-benchmark's)
    /// fix the version themselves, kvv2_ on its own <c>-kvv2-mount</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "baseline", "kv_read", "kv_write", "kvv1_read", "kvv1_write", "kvv2_read", "kvv2_write",
        "transit_encrypt", "transit_decrypt", "token_create", "approle_login", "kv_read_acl",
    ];

    public static BenchTest Create(string name, WorkloadSettings settings) => name switch
    {
        "baseline" => new BaselineTest(name, settings),
        "kv_read" => new KvReadTest(name, settings, settings.KvVersion, settings.Mount),
        "kv_write" => new KvWriteTest(name, settings, settings.KvVersion, settings.Mount),
        "kvv1_read" => new KvReadTest(name, settings, 1, settings.Mount),
        "kvv1_write" => new KvWriteTest(name, settings, 1, settings.Mount),
        "kvv2_read" => new KvReadTest(name, settings, 2, settings.Kvv2Mount),
        "kvv2_write" => new KvWriteTest(name, settings, 2, settings.Kvv2Mount),
        "transit_encrypt" => new TransitEncryptTest(name, settings),
        "transit_decrypt" => new TransitDecryptTest(name, settings),
        "token_create" => new TokenCreateTest(name, settings),
        "approle_login" => new AppRoleLoginTest(name, settings),
        "kv_read_acl" => new KvReadAclTest(name, settings),
        _ => throw new FlagException($"unknown test \"{name}\" (known: {string.Join(", ", Names)})"),
    };
}
