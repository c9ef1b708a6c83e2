using Odop.Agent.Access;
using Odop.Store;

namespace Odop.Agent.Loop;

/// <summary>A user asks for <paramref name="Cores"/> cores for <paramref name="Duration"/>; with <paramref name="Wait"/>, the answer waits until they are free.</summary>
internal sealed record LeaseAcquireRequested(Caller Caller, int Cores, bool Wait, TimeSpan Duration, TaskCompletionSource<StoredLease> Reply) : AgentEvent;

internal sealed record LeaseReleaseRequested(Caller Caller, string LeaseId, TaskCompletionSource<StoredLease> Reply) : AgentEvent;
