namespace Coffer.Core.Hcl;

/// <summary>A 1-based line and column in a named source file.</summary>
public sealed record HclPosition(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
