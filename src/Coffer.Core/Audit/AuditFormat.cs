namespace Coffer.Core.Audit;

/// <summary>How a device renders each entry: one JSON object per line, or the same object as one JSONx document per line.</summary>
public enum AuditFormat
{
    Json,
    JsonX,
}
