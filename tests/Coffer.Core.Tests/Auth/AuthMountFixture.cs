using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Coffer.Core.Barrier;
using Coffer.Core.Routing;
using Coffer.Core.Storage;

namespace Coffer.Core.Tests.Auth;

/// <summary>
/// Storage for one auth mount as the core would give it: a real AES-GCM barrier over in-memory physical storage,
/// unsealed, viewed through <c>auth/&lt;uuid&gt;/</c>.
/// </summary>
internal sealed class AuthMountFixture
{
    private AuthMountFixture(InMemPhysical physical, AesGcmBarrier barrier, StorageView view)
    {
        Physical = physical;
        Barrier = barrier;
        View = view;
    }

    public InMemPhysical Physical { get; }
    public AesGcmBarrier Barrier { get; }
    public StorageView View { get; }
    public ManualClock Clock { get; } = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public static async Task<AuthMountFixture> CreateAsync()
    {
        var physical = new InMemPhysical();
        var barrier = new AesGcmBarrier(physical, SystemClock.Instance);
        var rootKey = RandomNumberGenerator.GetBytes(32);
        await barrier.InitializeAsync(rootKey);
        Assert.True(await barrier.UnsealAsync(rootKey));
        return new AuthMountFixture(physical, barrier, new StorageView(barrier, $"auth/{Guid.NewGuid()}/"));
    }

    /// <summary>Every key of the mount with its decrypted value, for checks on what is stored.</summary>
    public async Task<Dictionary<string, string>> PlaintextDumpAsync()
    {
        var dump = new Dictionary<string, string>();
        foreach (var key in await View.ListRecursiveAsync(""))
        {
            dump[key] = Encoding.UTF8.GetString((await View.GetAsync(key))!);
        }
        return dump;
    }

    public static Request Request(Operation operation, string mountPath, string relativePath, string? json = null, string? remote = "127.0.0.1") => new()
    {
        Operation = operation,
        Path = $"auth/{mountPath}/{relativePath}",
        MountRelativePath = relativePath,
        Data = json is null ? new JsonObject() : JsonNode.Parse(json)!.AsObject(),
        RemoteAddress = remote,
    };

    public static async Task<CofferError> FailsWithAsync(HttpStatusCode status, Func<Task> action)
    {
        var error = await Assert.ThrowsAsync<CofferError>(action);
        Assert.Equal(status, error.Status);
        return error;
    }
}
