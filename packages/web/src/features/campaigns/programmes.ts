import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api';

/** The loyalty programmes an offer can draw on (read through the loyalty API). */
export const useProgrammes = () => useQuery({
  queryKey: ['campaigns', 'programmes'],
  queryFn: ({ signal }) => api.get<{ items: { id: string; name: string; currency: string }[] }>('/loyalty/programmes', undefined, signal),
});
