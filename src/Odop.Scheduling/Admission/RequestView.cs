using Odop.Scheduling.Placement;

namespace Odop.Scheduling.Admission;

/// <summary>A queued request with what every stage asks of it worked out once.</summary>
internal readonly struct RequestView(PlacementRequest request, int need)
{
    public PlacementRequest Request { get; } = request;

    /// <summary>Whole cores to reserve (<see cref="PlacementRequest.CoresNeeded"/>).</summary>
    public int Need { get; } = need;
    public bool Forced => Request.Forced;
    public string Id => Request.ExecutionId;

    public static RequestView Of(PlacementRequest request) => new(request, request.CoresNeeded);
}
