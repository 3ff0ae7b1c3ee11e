import type {
  GridCellResolvers,
  HazardSourceResolvers,
  InspectionFrequenciesResolvers,
  MutationResolvers,
  QueryResolvers,
  SupervisedUnitResolvers,
} from '#generated/graphql.ts';
import { bundledChecklist } from './checklist.ts';
import { RISK_LEVEL_GRADES } from './frequency.ts';

export const hazardQueries: Pick<QueryResolvers, 'gridCell' | 'grid' | 'hazardSource' | 'hazardRegister' | 'supervisedUnit' | 'supervisedUnits' | 'inspectionFrequencies'> = {
  gridCell: (_parent, { id }, { hazards }) => hazards.getCell(id),
  grid: (_parent, { communityId, ...args }, { hazards }) => hazards.grid(communityId, args),
  hazardSource: (_parent, { id }, { hazards }) => hazards.getSource(id),
  hazardRegister: (_parent, { communityId, ...args }, { hazards }) => hazards.hazardRegister(communityId, args),
  supervisedUnit: (_parent, { id }, { hazards }) => hazards.getUnit(id),
  supervisedUnits: (_parent, { communityId, ...args }, { hazards }) => hazards.supervisedUnits(communityId, args),
  inspectionFrequencies: (_parent, { communityId }, { hazards }) => hazards.inspectionFrequencies(communityId),
};

export const hazardMutations: Pick<
  MutationResolvers,
  | 'createGridCell'
  | 'updateGridCell'
  | 'removeGridCell'
  | 'createHazardSource'
  | 'updateHazardSource'
  | 'removeHazardSource'
  | 'createSupervisedUnit'
  | 'updateSupervisedUnit'
  | 'removeSupervisedUnit'
  | 'setInspectionFrequencies'
> = {
  createGridCell: (_parent, { input }, { hazards }) => hazards.createCell(input),
  updateGridCell: (_parent, { input }, { hazards }) => hazards.updateCell(input),
  removeGridCell: (_parent, { input }, { hazards }) => hazards.removeCell(input),
  createHazardSource: (_parent, { input }, { hazards }) => hazards.createSource(input),
  updateHazardSource: (_parent, { input }, { hazards }) => hazards.updateSource(input),
  removeHazardSource: (_parent, { input }, { hazards }) => hazards.removeSource(input),
  createSupervisedUnit: (_parent, { input }, { hazards }) => hazards.createUnit(input),
  updateSupervisedUnit: (_parent, { input }, { hazards }) => hazards.updateUnit(input),
  removeSupervisedUnit: (_parent, { input }, { hazards }) => hazards.removeUnit(input),
  setInspectionFrequencies: (_parent, { input }, { hazards }) => hazards.setInspectionFrequencies(input),
};

export const GridCell: GridCellResolvers = {
  community: (cell, _args, { communities }) => communities.get(cell.communityId),
  parent: (cell, _args, { hazards }) => hazards.parentOf(cell),
  parentId: (cell) => cell.parentId ?? null,
  villageCode: (cell) => cell.villageCode ?? null,
  history: (cell, args, { audit }) => audit.history('GridCell', cell.id, cell.communityId, args),
  evidence: (cell, args, { evidence }) => evidence.ofOwner({ ownerType: 'GRID_CELL', ownerId: cell.id, communityId: cell.communityId }, args),
};

export const HazardSource: HazardSourceResolvers = {
  community: (source, _args, { communities }) => communities.get(source.communityId),
  cell: (source, _args, { hazards }) => hazards.getCell(source.cellId),
  controls: (source) => [...source.controls],
  checklist: (source) => bundledChecklist(source.kind) ?? null,
  inspectionFrequency: async (source, _args, { hazards }) => (await hazards.frequenciesOf(source.communityId))[RISK_LEVEL_GRADES[source.riskLevel]],
  history: (source, args, { audit }) => audit.history('HazardSource', source.id, source.communityId, args),
  evidence: (source, args, { evidence }) => evidence.ofOwner({ ownerType: 'HAZARD_SOURCE', ownerId: source.id, communityId: source.communityId }, args),
};

export const SupervisedUnit: SupervisedUnitResolvers = {
  community: (unit, _args, { communities }) => communities.get(unit.communityId),
  cell: (unit, _args, { hazards }) => hazards.getCell(unit.cellId),
  checklist: (unit) => bundledChecklist(unit.kind) ?? null,
  inspectionFrequency: async (unit, _args, { hazards }) => (await hazards.frequenciesOf(unit.communityId))[unit.grade],
  history: (unit, args, { audit }) => audit.history('SupervisedUnit', unit.id, unit.communityId, args),
  evidence: (unit, args, { evidence }) => evidence.ofOwner({ ownerType: 'SUPERVISED_UNIT', ownerId: unit.id, communityId: unit.communityId }, args),
};

export const InspectionFrequencies: InspectionFrequenciesResolvers = {
  community: (view, _args, { communities }) => communities.get(view.communityId),
  A: (view) => view.frequencies.A,
  B: (view) => view.frequencies.B,
  C: (view) => view.frequencies.C,
  D: (view) => view.frequencies.D,
  history: (view, args, { audit }) => audit.history('InspectionFrequencies', view.communityId, view.communityId, args),
};
