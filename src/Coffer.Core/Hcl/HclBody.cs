namespace Coffer.Core.Hcl;

/// <summary>
/// The contents of a file, a block or an object value: attributes and blocks, with their
/// relative order kept because HCL1 treats blocks and object attributes as one sequence.
/// </summary>
public sealed class HclBody
{
    private readonly IReadOnlyList<object> _itemsInOrder;

    /// <summary>Builds a body from separate lists, interleaving them by source position.</summary>
    public HclBody(IEnumerable<HclAttribute> attributes, IEnumerable<HclBlock> blocks, HclPosition position)
        : this(MergeByPosition(attributes, blocks), position)
    {
    }

    /// <param name="itemsInOrder">Only <see cref="HclAttribute"/> and <see cref="HclBlock"/> instances, in document order.</param>
    internal HclBody(IReadOnlyList<object> itemsInOrder, HclPosition position)
    {
        _itemsInOrder = itemsInOrder;
        Position = position;
        Attributes = itemsInOrder.OfType<HclAttribute>().ToArray();
        Blocks = itemsInOrder.OfType<HclBlock>().ToArray();
    }

    public IReadOnlyList<HclAttribute> Attributes { get; }

    public IReadOnlyList<HclBlock> Blocks { get; }

    /// <summary>Where the body starts: its opening brace, or the start of the file.</summary>
    public HclPosition Position { get; }

    /// <summary>Attributes and blocks interleaved in document order.</summary>
    internal IReadOnlyList<object> ItemsInOrder => _itemsInOrder;

    /// <summary>The first attribute with this name, or null.</summary>
    public HclAttribute? FindAttribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);

    /// <summary>
    /// Every block of <paramref name="type"/> with exactly <paramref name="labelCount"/> labels, whether it
    /// was written as a block, as nested object attributes (<c>storage = { sqlite = { ... } }</c>), as
    /// JSON, or as a list of such objects, in document order.
    /// </summary>
    /// <exception cref="HclException">
    /// A block or attribute named <paramref name="type"/> cannot be read as a block with that many labels.
    /// </exception>
    public IReadOnlyList<HclBlock> GetBlocks(string type, int labelCount)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentOutOfRangeException.ThrowIfNegative(labelCount);
        return HclBlockResolver.Resolve(this, type, labelCount);
    }

    private static List<object> MergeByPosition(IEnumerable<HclAttribute> attributes, IEnumerable<HclBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(blocks);
        var items = new List<(HclPosition Position, object Item)>();
        items.AddRange(attributes.Select(a => (a.Position, (object)a)));
        items.AddRange(blocks.Select(b => (b.Position, (object)b)));
        // A stable sort keeps attributes before blocks when positions tie (e.g. hand-built bodies).
        return items
            .OrderBy(i => i.Position.Line)
            .ThenBy(i => i.Position.Column)
            .Select(i => i.Item)
            .ToList();
    }
}
