namespace Coffer.Core.Replication.Streaming;

/// <summary>One secondary as the primary sees it (<see cref="WalShipper.LagsAsync"/>): its link and how far behind it is.</summary>
/// <param name="LagMs">Age of the oldest write it has not applied; 0 when caught up, null when that record can no longer be found here.</param>
/// <param name="HeartbeatAgeMs">Time since its last acknowledgement; null if it never sent one.</param>
public sealed record SecondaryLag(string Id, SecondaryLinkView? View, ulong LagEntries, long? LagMs, long? HeartbeatAgeMs);
