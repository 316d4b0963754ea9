import type { Bracket, DraftProgress, SilenceProcedure, Stance } from "../../shared/negotiation.ts";
import type { CreateBracketRequest } from "../../shared/negotiationSchemas.ts";
import { request } from "../api/apiClient.ts";

const id = encodeURIComponent;

/** The negotiation routes: brackets, their options and stances, progress, the silence procedure. */
export const negotiationApi = {
  brackets: (draftId: string) => request<Bracket[]>("GET", `/drafts/${id(draftId)}/brackets`),
  createBracket: (draftId: string, body: CreateBracketRequest) =>
    request<Bracket>("POST", `/drafts/${id(draftId)}/brackets`, body),
  addOption: (bracketId: string, text: string) =>
    request<Bracket>("POST", `/brackets/${id(bracketId)}/options`, { text }),
  setStance: (bracketId: string, optionId: string, stance: Stance) =>
    request<Bracket>("PUT", `/brackets/${id(bracketId)}/position`, { optionId, stance }),
  choose: (bracketId: string, optionId: string) =>
    request<Bracket>("POST", `/brackets/${id(bracketId)}/resolve`, { optionId }),
  withdraw: (bracketId: string) => request<Bracket>("POST", `/brackets/${id(bracketId)}/resolve`, { withdraw: true }),
  progress: (draftId: string) => request<DraftProgress>("GET", `/drafts/${id(draftId)}/progress`),
  silence: (draftId: string) => request<SilenceProcedure | null>("GET", `/drafts/${id(draftId)}/silence`),
  startSilence: (draftId: string, until: string) =>
    request<SilenceProcedure>("POST", `/drafts/${id(draftId)}/silence`, { until }),
  breakSilence: (silenceId: string, reason: string) =>
    request<SilenceProcedure>("POST", `/silence/${id(silenceId)}/break`, { reason }),
  withdrawSilence: (silenceId: string) => request<SilenceProcedure>("POST", `/silence/${id(silenceId)}/withdraw`),
};
