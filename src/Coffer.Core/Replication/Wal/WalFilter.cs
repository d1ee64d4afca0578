namespace Coffer.Core.Replication.Wal;

/// <summary>
/// Which upstream operations a secondary applies. A DR secondary keeps Replicated and DrOnly entries, a
/// performance secondary Replicated only; a path filter can narrow either with <see cref="And"/>. Local entries
/// are never admitted whatever the predicate says, so a stream cannot overwrite this cluster's own state.
/// </summary>
public sealed class WalFilter(string name, Func<WalOperation, bool> admits)
{
    public static WalFilter Dr { get; } = new("dr", op => op.Class is KeyClass.Replicated or KeyClass.DrOnly);

    public static WalFilter Performance { get; } = new("performance", op => op.Class is KeyClass.Replicated);

    public string Name => name;

    public bool Admits(WalOperation operation) => operation.Class != KeyClass.Local && admits(operation);

    public WalFilter And(string otherName, Func<WalOperation, bool> other) =>
        new($"{name}+{otherName}", op => admits(op) && other(op));

    public override string ToString() => name;
}
