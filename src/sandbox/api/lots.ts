import type { LotRecord, TenancyRecord } from '../data/records.js';
import {
  archivedLotView,
  lotDetailView,
  lotView,
  mobLotGridView,
  rentalLotView,
  tenancyBalanceView,
  tenancyView,
  vacantLotView,
} from '../wire/lots.js';
import { addComment } from './comments.js';
import {
  booleanParam,
  dateParam,
  found,
  guidParam,
  listResponse,
  page,
  pathId,
  recordResponse,
  timestampParam,
  type ApiHandler,
  type ApiRequest,
} from './context.js';

// Lot (property) and tenancy operations.

function currentLots(request: ApiRequest): LotRecord[] {
  return [...request.portfolio.lots.values()].filter((lot) => lot.ArchivedOn === null);
}

function lotById(request: ApiRequest): LotRecord {
  const id = pathId(request);
  return found(request.portfolio.lots.get(id), 'Lot', id);
}

function filterTenancies(request: ApiRequest, keep: (tenancy: TenancyRecord) => boolean): TenancyRecord[] {
  const lotId = guidParam(request, 'LotId');
  const contactId = guidParam(request, 'ContactId');
  return [...request.portfolio.tenancies.values()].filter(
    (tenancy) => (lotId === undefined || tenancy.LotId === lotId) && (contactId === undefined || tenancy.ContactId === contactId) && keep(tenancy),
  );
}

export const lotHandlers: Record<string, ApiHandler> = {
  // The contract documents 502 for a missing Timestamp on this operation only.
  ChangedLotRequestlots_Get: (request) => {
    const since = timestampParam(request, 502);
    // Archived lots leave this list altogether, as integrators report of the live service.
    const changed = currentLots(request).filter((lot) => lot.Timestamp > since);
    return listResponse(request, 'MobLotGridData', changed, (lot) => mobLotGridView(request.portfolio, lot));
  },

  LotRequestlotsId_Get: (request) => recordResponse(request, 'Lot', lotById(request), (lot) => lotView(request.portfolio, lot)),

  LotDetailRequestlotsIddetail_Get: (request) => recordResponse(request, 'LotDetailApiResponse', lotById(request), (lot) => lotDetailView(request.portfolio, lot)),

  LotRentalsRequestlotsrentals_Get: (request) => {
    const rentals = page(request, currentLots(request).filter((lot) => lot.IsRental && lot.ActiveTenancyId !== null));
    return listResponse(request, 'RentalLotQueryData', rentals, (lot) => rentalLotView(request.portfolio, lot));
  },

  LotVacantSalesRequestlotsvacancy_Get: (request) => {
    const rentalOnly = booleanParam(request, 'RentalOnly');
    const vacant = page(request, currentLots(request).filter((lot) => lot.ActiveTenancyId === null && (!rentalOnly || lot.IsRental)));
    return listResponse(request, 'LotsQueryData', vacant, (lot) => vacantLotView(request.portfolio, lot));
  },

  // NOTE: the sandbox models no sale agreements, so the active-sales list is always empty.
  LotActiveSalesRequestlotssales_Get: (request) => listResponse(request, 'SalePropertyQueryData', page(request, [] as LotRecord[]), () => ({})),

  LotArchivedRequestlotsarchived_Get: (request) => {
    const since = dateParam(request, 'ArchivedSince');
    const archived = [...request.portfolio.lots.values()].filter((lot) => lot.ArchivedOn !== null && (since === undefined || Date.parse(lot.ArchivedOn) >= since));
    return listResponse(request, 'LotGridData', page(request, archived), (lot) => archivedLotView(request.portfolio, lot));
  },

  AddLotCommentRequestlotsIdcomments_Post: (request) => addComment(request, 'lot', lotById(request).Id),

  TenancyRequesttenancies_Get: (request) => {
    const includeClosed = booleanParam(request, 'IncludeClosed');
    const tenancies = filterTenancies(request, (tenancy) => includeClosed || tenancy.ClosedOn === null);
    return listResponse(request, 'TenancyApiData', tenancies, (tenancy) => tenancyView(request.portfolio, tenancy));
  },

  TenancyBalanceRequesttenanciesbalances_Get: (request) => {
    const lastUpdated = dateParam(request, 'LastUpdated');
    const balances = filterTenancies(request, (tenancy) => lastUpdated === undefined || Date.parse(tenancy.UpdatedOn) >= lastUpdated);
    return listResponse(request, 'TenancyBalanceData', balances, (tenancy) => tenancyBalanceView(request.portfolio, tenancy));
  },

  SingleTenancyBalanceRequesttenanciesbalancesid_Get: (request) => {
    const id = pathId(request);
    const tenancy = found(request.portfolio.tenancies.get(id), 'Tenancy', id);
    return recordResponse(request, 'TenancyBalanceData', tenancy, (record) => tenancyBalanceView(request.portfolio, record));
  },
};
