// A small React wrapper around one ECharts instance: created once, options applied on change,
// resized with its container, disposed on unmount.
import { useEffect, useRef } from 'react';
import { echarts, type ChartOption } from './echarts';

export interface ChartClick { seriesIndex?: number; dataIndex: number; data: unknown; name: string }

export function EChart({ option, height = 320, onClick, testId, label, className }: {
  option: ChartOption;
  height?: number;
  onClick?: (e: ChartClick) => void;
  testId?: string;
  /** What the chart shows, for screen readers. */
  label: string;
  className?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (p) => {
      const e = p as unknown as ChartClick;
      clickRef.current?.({ seriesIndex: e.seriesIndex, dataIndex: e.dataIndex, data: e.data, name: e.name });
    });
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => instance.resize());
    });
    observer.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, animationDuration: 300, ...option }, { notMerge: true });
  }, [option]);

  useEffect(() => {
    if (ref.current) ref.current.style.cursor = onClick ? 'pointer' : 'default';
  }, [onClick]);

  return (
    <div className={`chart${className ? ` ${className}` : ''}`} role="figure" aria-label={label} data-testid={testId}>
      <div ref={ref} style={{ width: '100%', height }} />
    </div>
  );
}
