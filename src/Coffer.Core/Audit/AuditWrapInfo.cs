namespace Coffer.Core.Audit;

/// <summary>The wrapping token handed out instead of a response; its token and accessors are hashed in the log.</summary>
public sealed record AuditWrapInfo
{
    public required string Token { get; init; }
    public string Accessor { get; init; } = "";
    public long TtlSeconds { get; init; }
    public DateTimeOffset CreationTime { get; init; }
    public string CreationPath { get; init; } = "";

    /// <summary>Accessor of a token that was itself wrapped (token create with wrapping).</summary>
    public string WrappedAccessor { get; init; } = "";
}
