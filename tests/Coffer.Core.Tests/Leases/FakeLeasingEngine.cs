using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Coffer.Core.Leases;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Leases;

/// <summary>
/// What the fake leasing engine does and has done, shared by every instance of it (a restart builds a new one).
/// </summary>
internal sealed class LeasingEngineState
{
    private int _issued;

    public long TtlSeconds { get; set; } = 60;
    public long MaxTtlSeconds { get; set; }
    public bool Renewable { get; set; } = true;

    /// <summary>TTL the engine grants on renewal (0: leave it to the increment or the default).</summary>
    public long RenewTtlSeconds { get; set; }

    /// <summary>Makes revocation throw, as a database engine does when its database is down.</summary>
    public bool FailRevocations { get; set; }

    public ConcurrentDictionary<string, bool> LiveUsers { get; } = new();
    public ConcurrentQueue<string> Revoked { get; } = new();
    public ConcurrentQueue<LeaseContext> Renewals { get; } = new();
    public int RevokeAttempts;

    public string NextUser() => $"user-{Interlocked.Increment(ref _issued)}";
}

/// <summary>
/// A dynamic-secret engine for tests: reading <c>creds/&lt;role&gt;</c> makes a "user" and hands it out with a lease;
/// renewing and revoking act on that user. Mounted through <see cref="BackendRegistry.RegisterTestType"/>.
/// </summary>
internal sealed class FakeLeasingEngine(LeasingEngineState state) : ILogicalBackend
{
    public const string Type = "test-leasing";

    public Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        if (!request.MountRelativePath.StartsWith("creds/", StringComparison.Ordinal) || request.Operation != Operation.Read)
        {
            throw CofferError.UnsupportedPath(request.Path);
        }
        var user = state.NextUser();
        state.LiveUsers[user] = true;
        return Task.FromResult<Response?>(new Response
        {
            Data = new JsonObject { ["username"] = user, ["password"] = "pw-" + user },
            Secret = new SecretLease
            {
                InternalData = new JsonObject { ["username"] = user },
                TtlSeconds = state.TtlSeconds,
                MaxTtlSeconds = state.MaxTtlSeconds,
                Renewable = state.Renewable,
            },
        });
    }

    public Task<Response> RenewLeaseAsync(LeaseContext lease, CancellationToken cancellationToken)
    {
        state.Renewals.Enqueue(lease);
        return Task.FromResult(new Response
        {
            Secret = new SecretLease { TtlSeconds = state.RenewTtlSeconds, Renewable = true },
        });
    }

    public Task RevokeLeaseAsync(LeaseContext lease, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref state.RevokeAttempts);
        if (state.FailRevocations)
        {
            throw new InvalidOperationException("database is down");
        }
        var user = lease.InternalData["username"]!.GetValue<string>();
        state.LiveUsers.TryRemove(user, out _);
        state.Revoked.Enqueue(user);
        return Task.CompletedTask;
    }
}
