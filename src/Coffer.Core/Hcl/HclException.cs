namespace Coffer.Core.Hcl;

/// <summary>
/// The only exception the HCL parser raises for bad input; the message starts with the
/// position so it can be shown to an operator as-is.
/// </summary>
public sealed class HclException : Exception
{
    public HclException(HclPosition position, string reason)
        : base($"{position}: {reason}")
    {
        Position = position;
        Reason = reason;
    }

    public HclPosition Position { get; }

    /// <summary>The message without the position prefix.</summary>
    public string Reason { get; }
}
