import type { AxisScore } from '../../../shared/scoring';
import { formatNumber } from '../format';

/**
 * The score of each axis as a bar against its maximum, drawn with plain HTML: the text says
 * the same for screen readers, the bars are for the eye. `large` is for the room's projector.
 */
export function AxesChart({ axes, large = false }: { axes: readonly AxisScore[]; large?: boolean }) {
  return (
    <ul className={large ? 'app-axes app-axes--large' : 'app-axes'}>
      {axes.map((axis) => {
        const share = axis.max > 0 ? Math.min(100, (axis.score * 100) / axis.max) : 0;
        return (
          <li key={axis.axisId} className={axis.setAside ? 'app-axis app-axis--aside' : 'app-axis'}>
            <span className="app-axis-label">{axis.label}</span>
            <span className="app-axis-bar" aria-hidden="true">
              {!axis.setAside && <span className="app-axis-fill" style={{ width: `${share}%` }} />}
            </span>
            <span className="app-axis-value">
              {axis.setAside ? 'écarté' : `${formatNumber(axis.score)} / ${formatNumber(axis.max)}`}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
