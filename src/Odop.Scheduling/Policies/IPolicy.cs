namespace Odop.Scheduling.Policies;

/// <summary>
/// One scheduling rule. Guarantees: <see cref="Decide"/> is deterministic given the sequence of
/// inputs, reads no clock, and records in the task book every command it returns (a start leases
/// cores, a pause releases them) before returning.
/// </summary>
internal interface IPolicy
{
    SchedulingDecision Decide(SchedulingInput input);
}
