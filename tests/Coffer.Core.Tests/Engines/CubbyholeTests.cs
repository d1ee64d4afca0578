using Coffer.Core.Engines.Cubbyhole;
using Coffer.Core.Routing;
using Coffer.Core.Tests.CoreFlow;

namespace Coffer.Core.Tests.Engines;

public sealed class CubbyholeTests
{
    [Fact]
    public async Task EachTokenSeesOnlyItsOwnEntriesAndDestroyRemovesThem()
    {
        var h = await CoreHarness.StartAsync();
        await h.SendAsync(Operation.Update, "cubbyhole/note", """{"secret":"mine"}""");
        var read = await h.SendAsync(Operation.Read, "cubbyhole/note");
        Assert.Equal("mine", read!.Data!["secret"]!.GetValue<string>());
        Assert.Equal("cubbyhole", read.MountType);
        Assert.Equal("""["note"]""", (await h.SendAsync(Operation.List, "cubbyhole/"))!.Data!["keys"]!.ToJsonString());

        var token = (await h.Core.Tokens.LookupAsync(h.RootToken))!;
        var mount = h.Core.Mounts.Match("root", "cubbyhole/")!;
        var backend = (CubbyholeBackend)h.Core.Backends[mount.Uuid];
        var other = token with { HashedId = "someone-else" };
        Assert.Null(await backend.HandleAsync(new Request { Operation = Operation.Read, Path = "cubbyhole/note", MountRelativePath = "note", Token = other }, default));

        await backend.DestroyAsync(token, default);
        Assert.Null(await h.SendAsync(Operation.Read, "cubbyhole/note"));
        Assert.Empty(await h.Core.Barrier.ListAsync(mount.StoragePrefix));
    }
}
