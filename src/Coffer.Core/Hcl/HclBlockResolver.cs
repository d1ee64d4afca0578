namespace Coffer.Core.Hcl;

/// <summary>
/// Reads blocks out of a body the way HCL1 does: a block's labels are just further levels of
/// object nesting, so <c>storage "sqlite" { }</c>, <c>storage { sqlite { } }</c>,
/// <c>storage = { sqlite = { } }</c> and JSON <c>"storage": {"sqlite": {}}</c> all name the same block,
/// and a list of objects at any level stands for several blocks.
/// </summary>
internal static class HclBlockResolver
{
    public static IReadOnlyList<HclBlock> Resolve(HclBody body, string type, int labelCount)
    {
        var request = new Request(type, labelCount, new List<HclBlock>());
        foreach (var item in body.ItemsInOrder)
        {
            switch (item)
            {
                case HclBlock block when block.Type == type:
                    AddBlock(request, block);
                    break;
                case HclAttribute attribute when attribute.Name == type:
                    AddValue(request, [], attribute.Value, attribute.Position);
                    break;
            }
        }
        return request.Found;
    }

    private sealed record Request(string Type, int LabelCount, List<HclBlock> Found);

    /// <summary>A block written with the requested type: its own labels are the first ones.</summary>
    private static void AddBlock(Request request, HclBlock block)
    {
        foreach (var label in block.Labels) RequireNonEmptyLabel(label, block.Position);
        AddLabelledBody(request, [.. block.Labels], block.Body, block.Position);
    }

    /// <summary>A block inside a partly labelled body: its type and labels are the next labels.</summary>
    private static void AddNestedBlock(Request request, IReadOnlyList<string> labels, HclBlock block)
    {
        RequireNonEmptyLabel(block.Type, block.Position);
        foreach (var label in block.Labels) RequireNonEmptyLabel(label, block.Position);
        AddLabelledBody(request, [.. labels, block.Type, .. block.Labels], block.Body, block.Position);
    }

    private static void AddLabelledBody(Request request, List<string> labels, HclBody body, HclPosition position)
    {
        if (labels.Count == request.LabelCount)
        {
            request.Found.Add(new HclBlock(request.Type, labels, body, position));
        }
        else if (labels.Count < request.LabelCount)
        {
            AddBodyLevels(request, labels, body);
        }
        else
        {
            throw new HclException(position,
                $"block '{request.Type}' has {labels.Count} {Plural(labels.Count, "label")}, expected {request.LabelCount}");
        }
    }

    /// <summary>Each item of <paramref name="body"/> supplies the next label.</summary>
    private static void AddBodyLevels(Request request, IReadOnlyList<string> labels, HclBody body)
    {
        foreach (var item in body.ItemsInOrder)
        {
            switch (item)
            {
                case HclBlock nested:
                    AddNestedBlock(request, labels, nested);
                    break;
                case HclAttribute attribute:
                    RequireNonEmptyLabel(attribute.Name, attribute.Position);
                    AddValue(request, [.. labels, attribute.Name], attribute.Value, attribute.Position);
                    break;
            }
        }
    }

    private static void AddValue(Request request, IReadOnlyList<string> labels, HclValue value, HclPosition origin)
    {
        switch (value)
        {
            case HclObject obj when labels.Count == request.LabelCount:
                request.Found.Add(new HclBlock(request.Type, labels, obj.Body, origin));
                break;
            case HclObject obj:
                AddBodyLevels(request, labels, obj.Body);
                break;
            case HclList list:
                foreach (var element in list.Items)
                {
                    if (element is not HclObject) throw ShapeError(request, labels, element, element.Position);
                    AddValue(request, labels, element, element.Position);
                }
                break;
            default:
                throw ShapeError(request, labels, value, origin);
        }
    }

    private static HclException ShapeError(Request request, IReadOnlyList<string> labels, HclValue found, HclPosition at)
    {
        if (labels.Count == request.LabelCount)
        {
            var name = $"'{request.Type}'" + string.Concat(labels.Select(l => $" \"{l}\""));
            return new HclException(at, $"expected an object as the body of block {name}, found {Describe(found)}");
        }
        var count = $"{request.LabelCount} {Plural(request.LabelCount, "label")}";
        return new HclException(at,
            $"expected block '{request.Type}' with {count} (or the same as nested objects), found {Describe(found)}");
    }

    private static void RequireNonEmptyLabel(string label, HclPosition position)
    {
        if (label.Length == 0) throw new HclException(position, "block label must not be empty");
    }

    private static string Describe(HclValue value) => value switch
    {
        HclString => "a string",
        HclNumber => "a number",
        HclBool => "a bool",
        HclNull => "null",
        HclList => "a list",
        HclObject => "an object",
        _ => "a value",
    };

    private static string Plural(int count, string noun) => count == 1 ? noun : noun + "s";
}
