import type { StationListInput, StationSummary } from '../../types';
import type { Caller } from '../_shared/caller';
import { toStationSummary, type StationRepository } from './station.repository';

export class StationService {
  constructor(private readonly stations: StationRepository) {}

  /** Station directory: public to every signed-in user. */
  async list(_caller: Caller, filters: StationListInput): Promise<{ stations: StationSummary[] }> {
    return { stations: (await this.stations.list(filters)).map(toStationSummary) };
  }
}
