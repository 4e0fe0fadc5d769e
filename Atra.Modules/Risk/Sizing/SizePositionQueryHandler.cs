using Atra.Modules.Risk.Contracts;
using Mediator;

namespace Atra.Modules.Risk.Sizing;

internal sealed class SizePositionQueryHandler(IPositionSizer sizer) : IRequestHandler<SizePositionQuery, PositionSize>
{
    public ValueTask<PositionSize> Handle(SizePositionQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ValueTask.FromResult(sizer.Size(request.Request));
    }
}
