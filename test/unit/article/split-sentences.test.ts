import { describe, expect, it } from 'vitest';
import { isQuestionLine } from '../../../lambda/core/article/blocks';
import {
  cleanText,
  joinSentences,
  splitSentences,
} from '../../../lambda/core/article/split-sentences';

describe('splitSentences', () => {
  it('splits ordinary prose at sentence ends', () => {
    expect(splitSentences('The vote was close. It passed on Monday! Will it last?')).toEqual([
      'The vote was close.',
      'It passed on Monday!',
      'Will it last?',
    ]);
  });

  it('does not split after titles, initials or dotted abbreviations', () => {
    expect(
      splitSentences(
        'Mr. Smith met the U.S. Senate leader in Washington, D.C. on Monday. Gen. Mark A. Milley was there too.',
      ),
    ).toEqual([
      'Mr. Smith met the U.S. Senate leader in Washington, D.C. on Monday.',
      'Gen. Mark A. Milley was there too.',
    ]);
  });

  it('does not split after the titles and company words of South Asian, African, Philippine and Malaysian papers', () => {
    for (const sentence of [
      'Police arrested Md. Abdul Karim, 42, at his home in Mirpur on Sunday.',
      'Smt. Nirmala Sitharaman and Shri. Ashwini Vaishnaw briefed reporters.',
      'Col. (Retd.) R.K. Sharma, who heads the authority, welcomed the decision.',
      'Gen. (Rtd.) Yakubu Danjuma urged the government to act quickly.',
      'Lt. Gen. (retd.) D.S. Hooda said the army was ready.',
      'Capt. (Dr.) Musa Bello led the medical team.',
      'Atty. Jose Reyes said charges would be filed against Brgy. Capt. Ramon Santos.',
      'Engr. Musa Bello, Barr. Femi Falana and Alh. Aliko Dangote attended.',
      'Amb. Macharia Kamau said the plan was credible.',
      'Wg. Cdr. Abhinandan Varthaman met Sqn. Ldr. Singh and Gp. Capt. Varun Singh.',
      'Lt. Cdr. Rao and Brig. Ahmed inspected the ship.',
      'Pte. John Smith and Const. Ramesh Kumar were injured.',
      'Fr. Joseph Thomas and Msgr. Pedro Quitorio led the Mass.',
      'Cllr. Sarah Jones and Asst. Supt. Kamal Singh attended.',
      'The Rt. Hon. Keir Starmer met Dy. Chief Minister Ajit Pawar and Addl. Sessions Judge Meena Rao.',
      'The contract went to Sime Darby Property Sdn. Bhd. last week.',
      'Woh Hup Pte. Ltd. will build the first project.',
      'Del. Ann Lee, Ald. Jim Smith and Comm. Drew Harris met Mdm. Tan Bee Lian.',
      'Bro. Joseph and Sis. Mary led the prayers with Ven. Ajahn Brahm.',
    ]) {
      expect(splitSentences(`${sentence} The work starts in March.`)).toEqual([
        sentence,
        'The work starts in March.',
      ]);
    }
    // A state after its city and a comma, as American papers write it, ends a sentence.
    for (const sentences of [
      ['The company is based in Bethesda, Md.', 'It employs 300 people.'],
      ['The firm moved to Wilmington, Del.', 'It pays less tax there.'],
    ]) {
      expect(splitSentences(sentences.join(' '))).toEqual(sentences);
    }
  });

  it('splits after a time ending its sentence on "a.m." or "p.m.", and not before its zone or day', () => {
    expect(splitSentences('Polls close at 8 p.m. Results are expected by midnight.')).toEqual([
      'Polls close at 8 p.m.',
      'Results are expected by midnight.',
    ]);
    expect(
      splitSentences('The fire broke out at 2.15 a.m. A neighbour called the fire brigade.'),
    ).toEqual(['The fire broke out at 2.15 a.m.', 'A neighbour called the fire brigade.']);
    for (const sentence of [
      'They met at 10.30 a.m. IST on Monday and agreed a deal.',
      'The vote is at 8 p.m. Friday in the council chamber.',
      'The vote is at 8 p.m. ET on Friday, officials said.',
      'Doors open at 7 p.m. Sept. 4 at the town hall.',
    ]) {
      expect(splitSentences(sentence)).toEqual([sentence]);
    }
  });

  it('does not split after an initial in Cyrillic, Greek or an accented Latin capital', () => {
    expect(
      splitSentences(
        'Президент В.В. Путин подписал указ в пятницу. Документ подписал и премьер М. Мишустин в тот же день. Он вступает в силу.',
      ),
    ).toEqual([
      'Президент В.В. Путин подписал указ в пятницу.',
      'Документ подписал и премьер М. Мишустин в тот же день.',
      'Он вступает в силу.',
    ]);
    expect(
      splitSentences(
        'Σύμφωνα με τον μετεωρολόγο Κ. Μαρουσάκη, τα φαινόμενα θα κορυφωθούν τη Δευτέρα. Η ΕΜΥ εξέδωσε έκτακτο δελτίο.',
      ),
    ).toEqual([
      'Σύμφωνα με τον μετεωρολόγο Κ. Μαρουσάκη, τα φαινόμενα θα κορυφωθούν τη Δευτέρα.',
      'Η ΕΜΥ εξέδωσε έκτακτο δελτίο.',
    ]);
    expect(
      splitSentences('Projekt prowadzi prof. Ł. Nowak z Krakowa. Wyniki poznamy wiosną.'),
    ).toEqual(['Projekt prowadzi prof. Ł. Nowak z Krakowa.', 'Wyniki poznamy wiosną.']);
  });

  it('splits after a unit of one letter after its number, which is no initial', () => {
    expect(splitSentences('La reunión empezó a las 10 h. Duró dos horas.')).toEqual([
      'La reunión empezó a las 10 h.',
      'Duró dos horas.',
    ]);
    expect(splitSentences('Mark A. Milley met 40 U.S. senators.')).toEqual([
      'Mark A. Milley met 40 U.S. senators.',
    ]);
  });

  it('does not split after "e.g." and "that is" in Czech and Polish, a street or a city before its name', () => {
    expect(
      splitSentences('Vláda podpořila např. Prahu a Brno v jednáních. Ministr to potvrdil.'),
    ).toEqual(['Vláda podpořila např. Prahu a Brno v jednáních.', 'Ministr to potvrdil.']);
    expect(
      splitSentences(
        'Protest odbył się w kilku miastach, np. Krakowie i tzw. Trójmieście. Policja nie interweniowała.',
      ),
    ).toEqual([
      'Protest odbył się w kilku miastach, np. Krakowie i tzw. Trójmieście.',
      'Policja nie interweniowała.',
    ]);
    expect(
      splitSentences('Мітинг відбувся у м. Києві на вул. Хрещатик. Поліція не втручалася.'),
    ).toEqual(['Мітинг відбувся у м. Києві на вул. Хрещатик.', 'Поліція не втручалася.']);
    expect(
      splitSentences(
        'La protesta recorrió la Av. Corrientes hasta el Congreso. La policía no intervino.',
      ),
    ).toEqual([
      'La protesta recorrió la Av. Corrientes hasta el Congreso.',
      'La policía no intervino.',
    ]);
    // A height in metres after its number may end the sentence.
    expect(splitSentences('Вода піднялася на 2 м. Рятувальники евакуювали село.')).toEqual([
      'Вода піднялася на 2 м.',
      'Рятувальники евакуювали село.',
    ]);
  });

  it('reads "No." and a law’s "art." as abbreviations only before a number', () => {
    expect(
      splitSentences(
        'He lives at No. 10 Downing Street. RACHEL OKONJO: No. Our central forecast is a margin of 6 gigawatts. Nos. 3 and 4 were closed.',
      ),
    ).toEqual([
      'He lives at No. 10 Downing Street.',
      'RACHEL OKONJO: No.',
      'Our central forecast is a margin of 6 gigawatts.',
      'Nos. 3 and 4 were closed.',
    ]);
    // A law's article before its number; "art." before a word ends its sentence.
    expect(
      splitSentences(
        'O art. 5.º da Constituição garante o direito. Ela estuda art. Os pais apoiam a escolha.',
      ),
    ).toEqual([
      'O art. 5.º da Constituição garante o direito.',
      'Ela estuda art.',
      'Os pais apoiam a escolha.',
    ]);
  });

  it('does not split after a number joined to an abbreviated unit, and does after one standing apart', () => {
    expect(
      splitSentences(
        'The remarks sent the yield on the 10-yr. Treasury note down to 3.91%. Rates are at their highest in 22 yrs. The next statement is due on Friday.',
      ),
    ).toEqual([
      'The remarks sent the yield on the 10-yr. Treasury note down to 3.91%.',
      'Rates are at their highest in 22 yrs.',
      'The next statement is due on Friday.',
    ]);
  });

  it('keeps the garbled seed text as whole sentences, without stray full stops', () => {
    expect(
      splitSentences(
        'Beijing hopes “all parties will remain calm,” according to a statement. from the Chinese Ministry of Foreign Affairs. .',
      ),
    ).toEqual([
      'Beijing hopes “all parties will remain calm,” according to a statement. from the Chinese Ministry of Foreign Affairs.',
    ]);
  });

  it('joins a fragment that starts in lower case to the sentence before it', () => {
    expect(splitSentences('“Why now?” he asked. Nobody answered.')).toEqual([
      '“Why now?” he asked.',
      'Nobody answered.',
    ]);
  });

  it('never returns one-word or punctuation-only sentences', () => {
    const sentences = splitSentences(
      'Yes. The plan was approved. No. . … — It was not delayed. Really.',
    );
    for (const sentence of sentences) {
      expect(sentence.split(' ').length).toBeGreaterThan(1);
      expect(sentence).toMatch(/[a-z]/i);
    }
    expect(sentences.join(' ')).toContain('The plan was approved.');
  });

  it('keeps a link whole when the segmenter breaks after its "?"', () => {
    expect(
      splitSentences('See https://example.com/path?a=1&b=2 for details. Then go home.'),
    ).toEqual(['See https://example.com/path?a=1&b=2 for details.', 'Then go home.']);
  });

  it('does not split after German ordinals and abbreviations', () => {
    expect(
      splitSentences(
        'Am 3. Oktober wird die Strecke eröffnet. Die Preise steigen ab dem 1. Januar um ca. 3,5 Prozent. Es waren 1,8 Mrd. Fahrgäste.',
      ),
    ).toEqual([
      'Am 3. Oktober wird die Strecke eröffnet.',
      'Die Preise steigen ab dem 1. Januar um ca. 3,5 Prozent.',
      'Es waren 1,8 Mrd. Fahrgäste.',
    ]);
  });

  it('does not split a German date whose day follows a weekday and a comma', () => {
    expect(
      splitSentences(
        'Die Sitzung findet am Dienstag, 3. Dezember, statt. Am Freitag, 12. Januar 2024 beginnt die Messe. Das Spiel endete 3. Danach kam Regen.',
      ),
    ).toEqual([
      'Die Sitzung findet am Dienstag, 3. Dezember, statt.',
      'Am Freitag, 12. Januar 2024 beginnt die Messe.',
      'Das Spiel endete 3.',
      'Danach kam Regen.',
    ]);
  });

  it.each([
    [
      'Volgens prof. dr. ir. M.J. Kok van de TU Delft is de versterking noodzakelijk.',
      'De Tweede Kamer debatteert later.',
    ],
    ['De advocaat, mr. Jansen, zei dat zijn cliënt onschuldig is.', 'De zaak dient in maart.'],
    [
      'Kepala BPBD Kota Semarang, Drs. H. Endro P. Martanto, M.Si., mengatakan 3.200 warga dievakuasi.',
      'Hujan masih turun.',
    ],
    ['Menurut Ir. Joko Susilo, proyek itu selesai tahun depan.', 'Warga menyambut baik.'],
    [
      'Hal itu disampaikan oleh Sdr. Budi dan Bpk. Joko di Jl. Sudirman, Jakarta.',
      'Keduanya hadir.',
    ],
    [
      'Mkuu wa Mkoa wa Dar es Salaam, Mhe. Albert Chalamila, amesema serikali imefungua kambi.',
      'Mvua zaidi inatarajiwa.',
    ],
    [
      'Daktari mkuu, Dkt. Faustine Ndugulile, alisema hali ni shwari.',
      'Wagonjwa wanaendelea vizuri.',
    ],
    ['Theo PGS. TS. Trần Đình Thiên, tăng trưởng sẽ chậm lại.', 'Xuất khẩu giảm.'],
    ['Giá nhà tại TP. Hồ Chí Minh tăng 12% trong năm nay.', 'Lượng giao dịch giảm 8%.'],
    ['Açıklamayı yapan Doç. Dr. Mehmet Kaya, riskin arttığını söyledi.', 'Uzmanlar uyardı.'],
    ["Il sindaco ha incontrato l'on. Rossi e il dott. Bianchi.", 'La riunione è durata due ore.'],
    [
      'Ο καθηγητής σεισμολογίας κ. Ευθύμιος Λέκκας δήλωσε ότι η ακολουθία παρακολουθείται.',
      'Ο Δρ. Παπαδόπουλος είπε ότι η κατάσταση είναι σταθερή.',
    ],
    // "on." ends an English sentence: only Italian's article makes it the title.
    ['Prices of bread, milk, eggs and so on.', 'The bank held its rates on Thursday.'],
  ])('does not split after a title before a name in other languages: %j', (first, second) => {
    expect(splitSentences(`${first} ${second}`)).toEqual([first, second]);
  });

  it('does not split after a title or a street written in lower case before a name', () => {
    expect(
      splitSentences(
        'Il sig. Rossi ha incontrato il dott. Bianchi a Roma. Il prof. Verdi era assente.',
      ),
    ).toEqual([
      'Il sig. Rossi ha incontrato il dott. Bianchi a Roma.',
      'Il prof. Verdi era assente.',
    ]);
    expect(
      splitSentences(
        'Spotkanie odbyło się przy ul. Marszałkowskiej w Warszawie. Prowadził je prof. Jan Kowalski.',
      ),
    ).toEqual([
      'Spotkanie odbyło się przy ul. Marszałkowskiej w Warszawie.',
      'Prowadził je prof. Jan Kowalski.',
    ]);
    expect(
      splitSentences('Volgens dhr. Jansen is het plan te duur. De raad stemt morgen.'),
    ).toEqual(['Volgens dhr. Jansen is het plan te duur.', 'De raad stemt morgen.']);
    expect(
      splitSentences(
        'Встреча прошла в г. Москве в понедельник. Бюджет приняли в 2025 г. Решение примут позже. Его поддержали страны, напр. Германия и Франция.',
      ),
    ).toEqual([
      'Встреча прошла в г. Москве в понедельник.',
      'Бюджет приняли в 2025 г.',
      'Решение примут позже.',
      'Его поддержали страны, напр. Германия и Франция.',
    ]);
  });

  it('does not split after an initial in a script without case (Hindi डॉ., Arabic د.)', () => {
    expect(
      splitSentences('स्वास्थ्य मंत्री डॉ. हर्षवर्धन ने नई योजना की घोषणा की। यह योजना पूरे देश में लागू होगी।'),
    ).toEqual(['स्वास्थ्य मंत्री डॉ. हर्षवर्धन ने नई योजना की घोषणा की।', 'यह योजना पूरे देश में लागू होगी।']);
    expect(
      splitSentences('قال د. أحمد سالم إن المشروع سيوفر الوظائف. وأضاف أن العمل سيبدأ قريبا.'),
    ).toEqual(['قال د. أحمد سالم إن المشروع سيوفر الوظائف.', 'وأضاف أن العمل سيبدأ قريبا.']);
  });

  it('splits Hindi written with "." after a short word that ends the sentence (है., था.)', () => {
    expect(
      splitSentences('किसानों को सलाह दी गई है. शहर में यातायात धीमा रहा. कल स्कूल बंद था. आज खुला है.'),
    ).toEqual(['किसानों को सलाह दी गई है.', 'शहर में यातायात धीमा रहा.', 'कल स्कूल बंद था.', 'आज खुला है.']);
  });

  it('keeps a French closing guillemet after a space with the sentence it closes', () => {
    expect(splitSentences('« Les comptes sont dans le rouge. » Le ministre a parlé.')).toEqual([
      '« Les comptes sont dans le rouge. »',
      'Le ministre a parlé.',
    ]);
  });

  it('splits Greek at its question mark, which is written as a semicolon', () => {
    expect(
      splitSentences(
        'Ποιοι μπορούν να υποβάλουν αίτηση; Σύμφωνα με το υπουργείο, δικαιούχοι είναι οι νέοι. Τι αλλάζει; Τίποτα.',
      ),
    ).toEqual([
      'Ποιοι μπορούν να υποβάλουν αίτηση;',
      'Σύμφωνα με το υπουργείο, δικαιούχοι είναι οι νέοι.',
      'Τι αλλάζει; Τίποτα.',
    ]);
    expect(splitSentences('Use a list; Python has one. It is fast.')).toEqual([
      'Use a list; Python has one.',
      'It is fast.',
    ]);
  });

  it('repairs the end of a sentence hundreds of characters long, built from many pieces', () => {
    const opening = 'The committee heard from residents, traders and officials; '.repeat(5);
    expect(
      splitSentences(`${opening}the report was presented by Dr. Ana Ruiz. It rained.`),
    ).toEqual([`${opening}the report was presented by Dr. Ana Ruiz.`, 'It rained.']);
    expect(splitSentences('Τι αλλάζει; '.repeat(300))).toHaveLength(300);
    const speaker = `${'在市政厅举行的会议上'.repeat(25)}他说：`;
    expect(splitSentences(`${speaker}“我们必须行动。时间不多了！”市民对此表示支持。`)).toEqual([
      `${speaker}“我们必须行动。时间不多了！”`,
      '市民对此表示支持。',
    ]);
  });

  it('reads a semicolon after a Greek word as a semicolon in a paragraph that is not Greek', () => {
    expect(
      splitSentences(
        'Heraclitus built his thought on the λόγος; Plato later gave the word another sense. It stuck.',
      ),
    ).toEqual([
      'Heraclitus built his thought on the λόγος; Plato later gave the word another sense.',
      'It stuck.',
    ]);
    expect(isQuestionLine('The key word of the passage is λόγος;')).toBe(false);
    expect(isQuestionLine('Τι αλλάζει για τους νέους;')).toBe(true);
  });

  it('reads a Greek question mark in a Greek sentence of a paragraph that quotes much English', () => {
    expect(
      splitSentences(
        'Ο υπουργός δήλωσε ότι «the agreement with our European partners and the IMF will be honoured in full this year». Γιατί καθυστερεί η συμφωνία; Η κυβέρνηση δεν απάντησε.',
      ),
    ).toEqual([
      'Ο υπουργός δήλωσε ότι «the agreement with our European partners and the IMF will be honoured in full this year».',
      'Γιατί καθυστερεί η συμφωνία;',
      'Η κυβέρνηση δεν απάντησε.',
    ]);
  });

  it('does not split inside a Chinese or Japanese quotation that goes on after its closing mark', () => {
    expect(
      splitSentences(
        '小池知事は「節電をお願いします。一人ひとりの工夫が大切です」と述べた。都は対策を発表した。',
      ),
    ).toEqual([
      '小池知事は「節電をお願いします。一人ひとりの工夫が大切です」と述べた。',
      '都は対策を発表した。',
    ]);
    expect(splitSentences('他说：“我们必须行动。时间不多了！”市民对此表示支持。')).toEqual([
      '他说：“我们必须行动。时间不多了！”',
      '市民对此表示支持。',
    ]);
    expect(
      splitSentences(
        '彼は「行く。と言った。町は静かだった。人々は眠っていた。雨が降っていた。風も強かった。夜が明けた。',
      ),
    ).toHaveLength(7);
  });

  it('reads a full-width full stop between Chinese numerals as a decimal point, as Taiwanese papers write one', () => {
    expect(
      splitSentences(
        '央行下修明年經濟成長率預測至百分之三．○一，並預估物價年增率為百分之一．八九。學者認為政策重心已轉向。',
      ),
    ).toEqual([
      '央行下修明年經濟成長率預測至百分之三．○一，並預估物價年增率為百分之一．八九。',
      '學者認為政策重心已轉向。',
    ]);
    // Between words it is the full stop of a Japanese paper written with one.
    expect(splitSentences('本研究の目的を述べる．次に方法を示す．')).toEqual([
      '本研究の目的を述べる．',
      '次に方法を示す．',
    ]);
  });

  it('splits Thai at the spaces that end its sentences', () => {
    expect(
      splitSentences(
        'รัฐบาลประกาศมาตรการกระตุ้นเศรษฐกิจเมื่อวันอังคาร นายกรัฐมนตรีกล่าวว่ามาตรการนี้จะช่วยประชาชน',
      ),
    ).toEqual(['รัฐบาลประกาศมาตรการกระตุ้นเศรษฐกิจเมื่อวันอังคาร', 'นายกรัฐมนตรีกล่าวว่ามาตรการนี้จะช่วยประชาชน']);
  });

  it('keeps a Thai clause that goes on from the space before it in its sentence', () => {
    // Thai sets a space between clauses, a name and its surname, a list's items: a piece that
    // opens with a connective (โดย, เพื่อ), follows "ว่า" ("said that") or is a word or two joins
    // the one before.
    expect(
      splitSentences(
        'นายสมชาย ใจดี ผู้ว่าราชการจังหวัดเชียงใหม่ เปิดเผยว่า ค่าฝุ่น PM2.5 ในพื้นที่สูงเกินมาตรฐานติดต่อกันเป็นวันที่ 5 โดยวัดได้สูงสุด 180 ไมโครกรัมต่อลูกบาศก์เมตร ที่อำเภอเมือง ทางจังหวัดจึงสั่งปิดโรงเรียน 120 แห่ง เพื่อป้องกันผลกระทบต่อสุขภาพของนักเรียน',
      ),
    ).toEqual([
      'นายสมชาย ใจดี ผู้ว่าราชการจังหวัดเชียงใหม่ เปิดเผยว่า ค่าฝุ่น PM2.5 ในพื้นที่สูงเกินมาตรฐานติดต่อกันเป็นวันที่ 5 โดยวัดได้สูงสุด 180 ไมโครกรัมต่อลูกบาศก์เมตร ที่อำเภอเมือง',
      'ทางจังหวัดจึงสั่งปิดโรงเรียน 120 แห่ง เพื่อป้องกันผลกระทบต่อสุขภาพของนักเรียน',
    ]);
    // A list's items after "ได้แก่" ("namely"), and an abbreviation's full stop with no space
    // after it (ครม., the cabinet), where the segmenter ended the sentence.
    expect(
      splitSentences(
        'ที่ประชุม ครม.อนุมัติงบกลางวงเงิน 3 หมื่นล้านบาท ให้แก่ผู้ประสบอุทกภัยใน 4 จังหวัด ได้แก่ นราธิวาส ปัตตานี ยะลา และสงขลา กระทรวงการคลังจะโอนเงินเข้าบัญชีภายในสัปดาห์หน้า',
      ),
    ).toEqual([
      'ที่ประชุม ครม.อนุมัติงบกลางวงเงิน 3 หมื่นล้านบาท ให้แก่ผู้ประสบอุทกภัยใน 4 จังหวัด ได้แก่ นราธิวาส ปัตตานี ยะลา และสงขลา',
      'กระทรวงการคลังจะโอนเงินเข้าบัญชีภายในสัปดาห์หน้า',
    ]);
    // A sentence ending on one, "ได้แก่" before the list's first item.
    expect(
      splitSentences('เจ้าหน้าที่ได้ตรวจยึดของกลาง ได้แก่ โทรศัพท์มือถือ 45 เครื่อง ผู้ต้องหาทั้งหมดให้การรับสารภาพ'),
    ).toEqual(['เจ้าหน้าที่ได้ตรวจยึดของกลาง ได้แก่ โทรศัพท์มือถือ 45 เครื่อง', 'ผู้ต้องหาทั้งหมดให้การรับสารภาพ']);
  });

  it('returns nothing for text without words', () => {
    expect(splitSentences(' . — … ')).toEqual([]);
  });
});

describe('cleanText', () => {
  it('collapses white space and drops a repeated full stop', () => {
    expect(cleanText('  Foreign   Affairs.\n . ')).toBe('Foreign Affairs.');
  });

  it('closes up a line break between Chinese or Japanese characters, which hard wrapping put there', () => {
    expect(cleanText('预计惠及\n超过二十万户家庭。部分经销商为预订的新\n  车排队。')).toBe(
      '预计惠及超过二十万户家庭。部分经销商为预订的新车排队。',
    );
    expect(cleanText('節電を\nお願いします。')).toBe('節電をお願いします。');
    expect(cleanText('上海 市政府\nThe end of\nthe line.')).toBe(
      '上海 市政府 The end of the line.',
    );
  });

  it('keeps the no-break spaces French sets before ; : ! ? » and after «, and no other', () => {
    expect(cleanText('Il a dit\u00a0: «\u00a0Non\u202f!\u00a0» Vraiment\u202f?')).toBe(
      'Il a dit\u00a0: «\u00a0Non\u202f!\u00a0» Vraiment\u202f?',
    );
    expect(cleanText('Le\u00a0ministre a dit \u00a0\n: oui.')).toBe('Le ministre a dit : oui.');
  });

  it('closes up a line break between Thai letters, and keeps a space the writer typed there', () => {
    expect(cleanText('ธนาคารกลางคงอัตราดอกเบี้ยไว้ที่ร้อยละสอง\nเพื่อสนับสนุนเศรษฐกิจ')).toBe(
      'ธนาคารกลางคงอัตราดอกเบี้ยไว้ที่ร้อยละสองเพื่อสนับสนุนเศรษฐกิจ',
    );
    expect(cleanText('ธนาคารกลางคงอัตราดอกเบี้ย \nคณะกรรมการจะประชุม')).toBe(
      'ธนาคารกลางคงอัตราดอกเบี้ย คณะกรรมการจะประชุม',
    );
  });

  it("drops numbered citations after a word, and keeps a reference entry's number", () => {
    expect(
      cleanText('Both groups ate the same number of calories [1]. Timing matters less [2, 3].'),
    ).toBe('Both groups ate the same number of calories. Timing matters less.');
    expect(cleanText('It was measured twice.[4–6] The results agreed.')).toBe(
      'It was measured twice. The results agreed.',
    );
    expect(cleanText('[1] Liu D, Huang Y. Calorie restriction. N Engl J Med. 2022.')).toBe(
      '[1] Liu D, Huang Y. Calorie restriction. N Engl J Med. 2022.',
    );
    expect(cleanText('It was first proposed by Cairns et al. [3]. We tested it.')).toBe(
      'It was first proposed by Cairns et al. We tested it.',
    );
    expect(cleanText('The array a[2] holds the count [sic].')).toBe(
      'The array a[2] holds the count [sic].',
    );
  });
});

describe('splitSentences on text longer than a segmenter window', () => {
  it('cuts a long paragraph only at sentence ends, and a run without one at the window', () => {
    const sentences = Array.from(
      { length: 300 },
      (_, i) => `Sentence ${i} says the vote was close.`,
    );
    expect(splitSentences(sentences.join(' '))).toEqual(sentences);
    const run = `${'x'.repeat(9000)}.`;
    expect(splitSentences(run).join('')).toBe(run);
    const han = '今天下雨比赛继续进行'.repeat(1000);
    expect(splitSentences(`${han}。`).join('')).toBe(`${han}。`);
  });
});

describe('joinSentences', () => {
  it('puts a space between sentences, but none after a full-width end as Chinese writes', () => {
    expect(joinSentences(['It rained.', 'The match went on.'])).toBe(
      'It rained. The match went on.',
    );
    expect(joinSentences(['下雨了。', '比赛继续进行。'])).toBe('下雨了。比赛继续进行。');
    expect(joinSentences([])).toBe('');
    expect(joinSentences(['他说「好」', '「好。」', 'Next.', 'End?'])).toBe(
      '他说「好」「好。」Next. End?',
    );
  });
});
