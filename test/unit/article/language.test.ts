import { describe, expect, it } from 'vitest';
import { romanceLanguageOf } from '../../../lambda/core/article/language';

describe('romanceLanguageOf', () => {
  it('tells French, Italian and Portuguese apart by the words only one of them writes', () => {
    expect(
      romanceLanguageOf(
        'Le plan prévoit 250 kilomètres de voies nouvelles et un budget de 180 millions d’euros pour les quartiers.',
      ),
    ).toBe('fr');
    expect(
      romanceLanguageOf(
        'Il ministro delle Infrastrutture ha firmato un’ordinanza che riduce la durata dello sciopero a 4 ore.',
      ),
    ).toBe('it');
    expect(
      romanceLanguageOf(
        'Mais de 100 pessoas foram retiradas das casas pela Defesa Civil, que não descarta novas chuvas.',
      ),
    ).toBe('pt');
  });

  it('reads French, which writes "il" too, as French however often its sentences open on it', () => {
    expect(
      romanceLanguageOf(
        'Le maire a présenté son projet lundi. Il a promis un budget. Il plaide aussi pour une réforme. Il a rappelé son bilan. Il veut des écoles.',
      ),
    ).toBe('fr');
  });

  it('says nothing of a text that writes none of them, or too few', () => {
    expect(romanceLanguageOf('The council approved the budget on Monday.')).toBeUndefined();
    expect(romanceLanguageOf('Il Divo sang at the Royal Albert Hall.')).toBeUndefined();
  });
});
